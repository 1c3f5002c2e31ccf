// Waiting with deadlines: nothing in the supervisor benchmark waits without one.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const cell = new Int32Array(new SharedArrayBuffer(4));
/** Blocks the thread for `ms` (fractions allowed) without spinning the CPU. */
export const pause = (ms: number): void => {
  Atomics.wait(cell, 0, 0, ms);
};

/** Thrown when a wait runs past its deadline. */
export class Timeout extends Error {}

/**
 * Polls `check` every `intervalMs` (between checks, the event loop runs) until it returns
 * something other than undefined/false; resolves with that value. Rejects with a
 * {@link Timeout} naming `what` after `timeoutMs`.
 */
export const waitFor = async <T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, intervalMs = 1): Promise<T> => {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Timeout(`timed out after ${(timeoutMs / 1000).toFixed(1)} s waiting for ${what}`);
    await sleep(intervalMs);
  }
};

/**
 * The synchronous version for latency measurements: checks, then pauses `intervalMs`
 * (0.25 ms by default) with the thread blocked, so the result is exact to about that and
 * the benchmark takes no CPU from the supervisor it measures.
 */
export const waitForSync = <T>(what: string, check: () => T | undefined | false, timeoutMs: number, intervalMs = 0.25): T => {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Timeout(`timed out after ${(timeoutMs / 1000).toFixed(1)} s waiting for ${what}`);
    pause(intervalMs);
  }
};

/** Result of a command run to completion. */
export interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command with a deadline (killed with SIGKILL when it passes). */
export const run = (command: string, args: readonly string[], options: SpawnSyncOptions & { timeoutMs?: number } = {}): Ran => {
  const { timeoutMs = 30_000, ...rest } = options;
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'pipe'], ...rest });
  return { status: result.status, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? (result.error?.message ?? '')) };
};

/** Like {@link run}, but throws unless the command exits 0. */
export const runOk = (command: string, args: readonly string[], options: SpawnSyncOptions & { timeoutMs?: number } = {}): Ran => {
  const result = run(command, args, options);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? 'killed at its deadline'}): ${result.stderr.trim().slice(0, 500)}`);
  return result;
};

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Whether an executable is on PATH (or exists at an absolute path). */
export const installed = (command: string): boolean => run('sh', ['-c', 'command -v "$1"', 'sh', command], { timeoutMs: 5000 }).status === 0;
