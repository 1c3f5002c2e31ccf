// Secrets on a real s6-rc: the run script's loader exports the 0400 file as the process's user.
import { test } from 'node:test';
import { s6rc } from '../../../src/backends/s6-rc/index.js';
import { runSecretsCase } from '../../conformance/secrets.js';
import { firstMissing } from '../../helpers/programs.js';

const missing = firstMissing(['s6-rc-compile', 's6-rc-update', 's6-svscan']);

if (missing === undefined || process.env.CI === 'true') runSecretsCase({ backend: s6rc });
else test('s6-rc: secrets case', (t) => t.skip(`${missing} is not installed`));
