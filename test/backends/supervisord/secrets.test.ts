// Secrets on a real supervisord: the program's loader exports the 0400 file as the process's user.
import { test } from 'node:test';
import { supervisord } from '../../../src/backends/supervisord/index.js';
import { runSecretsCase } from '../../conformance/secrets.js';
import { firstMissing } from '../../helpers/programs.js';

const missing = firstMissing(['supervisord', 'supervisorctl']);

if (missing === undefined || process.env.CI === 'true') runSecretsCase({ backend: supervisord });
else test('supervisord: secrets case', (t) => t.skip(`${missing} is not installed`));
