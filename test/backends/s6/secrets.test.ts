// Secrets on a real s6: the run script's loader exports the 0400 file as the process's user.
import { test } from 'node:test';
import { s6 } from '../../../src/backends/s6/index.js';
import { runSecretsCase } from '../../conformance/secrets.js';
import { firstMissing } from '../../helpers/programs.js';

const missing = firstMissing(['s6-svscan', 's6-svc', 's6-log']);

if (missing === undefined || process.env.CI === 'true') runSecretsCase({ backend: s6 });
else test('s6: secrets case', (t) => t.skip(`${missing} is not installed`));
