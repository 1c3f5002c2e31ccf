// Secrets on a real sysvinit: the init script's loader exports the 0400 file as the process's user.
import { test } from 'node:test';
import { sysvinit } from '../../../src/backends/sysvinit/index.js';
import { runSecretsCase } from '../../conformance/secrets.js';
import { firstMissing } from '../../helpers/programs.js';

const missing = firstMissing(['start-stop-daemon']);

if (missing === undefined || process.env.CI === 'true') runSecretsCase({ backend: sysvinit });
else test('sysvinit: secrets case', (t) => t.skip(`${missing} is not installed`));
