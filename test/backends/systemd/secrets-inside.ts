// Run INSIDE scripts/systemd-user-sandbox (secrets.test.ts does): the secrets case against
// the sandbox's real systemd --user manager, which reads the 0400 file via EnvironmentFile=.
import { systemd } from '../../../src/backends/systemd/index.js';
import { runSecretsCase } from '../../conformance/secrets.js';

process.env.PROCFORM_SYSTEMD_USER = '1';
runSecretsCase({ backend: systemd });
