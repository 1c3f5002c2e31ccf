// Secrets on a real runit: the run script's loader exports the 0400 file as the process's user.
import { test } from 'node:test';
import { runit } from '../../../src/backends/runit/index.js';
import { runSecretsCase } from '../../conformance/secrets.js';
import { firstMissing } from '../../helpers/programs.js';

const missing = firstMissing(['runsvdir', 'sv', 'svlogd']);

if (missing === undefined || process.env.CI === 'true') runSecretsCase({ backend: runit });
else test('runit: secrets case', (t) => t.skip(`${missing} is not installed`));
