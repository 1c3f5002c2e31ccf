/**
 * Running a manager's command-line tool (service, launchctl, cygrunsrv, an init script)
 * to completion with a deadline, collecting what it prints. Shared by the activators.
 * @module
 */
import { spawn } from 'node:child_process';

/** What a command did. */
export interface CommandResult {
  /** Exit status; null when a signal (the deadline's SIGKILL) ended it; 127 when it could not start. */
  readonly code: number | null;
  readonly stdout: string;
  /** Trimmed. */
  readonly stderr: string;
  /** Both streams in arrival order, trimmed. */
  readonly output: string;
}

/** Options of `runCommand`. */
export interface RunOptions {
  /** @default 120 */
  readonly timeoutSeconds?: number;
  /**
   * `close` waits until the output pipes close; `exit` resolves when the command exits,
   * for init scripts whose daemons inherit the pipes and keep them open.
   * @default "close"
   */
  readonly until?: 'close' | 'exit';
  /** Variables added to this process's environment for the command. */
  readonly env?: Readonly<Record<string, string>>;
}

/** How long output may still arrive after the command exited, in `until: 'exit'` mode. */
const EXIT_GRACE_MS = 250;

/** Runs `program` (looked up on PATH) with `args`. Never rejects. */
export const runCommand = (program: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> =>
  new Promise((resolve) => {
    const child = spawn(program, [...args], { stdio: ['ignore', 'pipe', 'pipe'], ...(options.env === undefined ? {} : { env: { ...process.env, ...options.env } }) });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      output += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), (options.timeoutSeconds ?? 120) * 1000);
    let finished = false;
    const done = (code: number | null): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code, stdout, stderr: stderr.trim(), output: output.trim() });
    };
    child.once('error', (error) => {
      stderr += error.message;
      output += error.message;
      done(127);
    });
    child.once('close', (code) => done(code));
    // What the command printed just before it exited may still be in the pipes when 'exit'
    // fires: wait for them to close, but not for a daemon that inherited them.
    if (options.until === 'exit') child.once('exit', (code) => setTimeout(() => done(code), EXIT_GRACE_MS));
  });
