/**
 * Where `procform test` runs the systemd backend: next to a `systemd --user` manager of its
 * own, in procform's sandbox script, which keeps that manager in a cgroup and namespaces of
 * its own (a systemd started anywhere else takes over the machine's processes).
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The sandbox script, at the root of procform's package (the same depth from src/ and dist/). */
export const SANDBOX_SCRIPT = fileURLToPath(new URL('../../../scripts/systemd-user-sandbox', import.meta.url));

const SYSTEMD = ['/usr/lib/systemd/systemd', '/lib/systemd/systemd'];

/** Why no sandboxed manager can run here, or null when one can. */
export const sandboxMissing = (): string | null => {
  if (process.platform !== 'linux') return 'systemd runs on Linux only';
  if (!SYSTEMD.some((path) => existsSync(path))) return 'systemd is not installed (apt-get install systemd)';
  if (process.getuid?.() !== 0) return `the systemd manager under test runs in a sandbox (${SANDBOX_SCRIPT}), which needs root`;
  if (!existsSync(SANDBOX_SCRIPT)) return `the sandbox script ${SANDBOX_SCRIPT} is missing from this copy of procform`;
  return null;
};

/** `argv` run as root next to a fresh `systemd --user` manager, whose units the backend deploys. */
export const inSandbox = (argv: readonly string[], stateDir: string): readonly string[] =>
  [SANDBOX_SCRIPT, 'run', stateDir, '--', 'env', 'PROCFORM_SYSTEMD_USER=1', ...argv];
