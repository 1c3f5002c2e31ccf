// podman for the container benchmark: the test suite's settings (runc, rlimits within the
// hard limits, host network), set once for this process so procform's activator and CLI
// use them too, and what it takes to run at all.
import { spawnSync } from 'node:child_process';
import { podmanEnv } from '../../test/helpers/podman.js';
import { installed, run, runOk, type Ran } from '../supervisor/poll.js';

/** Null when the benchmark can run here, else what is missing. */
export const missing = (): string | null => {
  if (process.getuid?.() !== 0) return 'not root (podman runs rootful here)';
  const absent = ['podman', 'runc'].filter((command) => !installed(command));
  return absent.length === 0 ? null : `not installed: ${absent.join(', ')} (apt-get install ${absent.join(' ')})`;
};

/** Points podman (and procform, through $PROCFORM_DOCKER) at the test settings, for every child. */
export const usePodmanSettings = (): void => {
  Object.assign(process.env, podmanEnv());
};

/** Runs podman with a deadline; throws unless it exits 0. */
export const podmanOk = (args: readonly string[], timeoutMs = 120_000): Ran => runOk('podman', args, { timeoutMs });

/** Runs podman with a deadline, whatever its exit code. */
export const podmanRun = (args: readonly string[], timeoutMs = 120_000): Ran => run('podman', args, { timeoutMs });

/** Whether `podman <kind> exists <name>` says so (kind: container, pod, image). */
export const exists = (kind: 'container' | 'pod' | 'image', name: string): boolean =>
  spawnSync('podman', [kind, 'exists', name], { stdio: 'ignore', timeout: 30_000 }).status === 0;

/** "podman version 4.3.1, runc 1.1.5" (or what is there). */
export const engineVersions = (): string => {
  const first = (command: string, args: string[]): string => run(command, args, { timeoutMs: 10_000 }).stdout.split('\n')[0]?.trim() ?? '';
  return [first('podman', ['--version']), first('runc', ['--version']).replace(/ version/, '')].filter((s) => s !== '').join(', ');
};
