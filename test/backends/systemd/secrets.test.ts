// Secrets on a real systemd --user manager, in the sandbox (see secrets-inside.ts).
import { join } from 'node:path';
import { testInSandbox } from '../../helpers/systemd-sandbox.js';

testInSandbox('systemd: secrets reach the process and never the store, in a real systemd --user manager', join(import.meta.dirname, 'secrets-inside.ts'), { timeout: 120_000 });
