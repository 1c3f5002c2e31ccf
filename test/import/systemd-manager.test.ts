// The systemd import round trip under a real systemd --user manager, in the project's
// sandbox (root and systemd needed; under CI their absence is a failure).
import { join } from 'node:path';
import { testInSandbox } from '../helpers/systemd-sandbox.js';

testInSandbox('systemd: imported units start under systemd and under procform with the same argv, directory and environment', join(import.meta.dirname, 'inside-systemd.ts'), { timeout: 180_000 });
