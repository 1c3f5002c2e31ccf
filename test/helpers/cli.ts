// Runs the built CLI as a user would, in a child process.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/procform.js', import.meta.url));

/** Result of one CLI run. */
export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `procform ARGS` and waits for it; with `timeout` (ms), a run that takes longer is
 * killed and comes back with a null code, so a test of a hang fails instead of hanging.
 */
export const procform = (args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined>; timeout?: number } = {}): Run => {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    timeout: options.timeout,
    killSignal: 'SIGKILL',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

/** The last non-empty line of a text. */
export const lastLine = (text: string): string => text.trimEnd().split('\n').at(-1) ?? '';
