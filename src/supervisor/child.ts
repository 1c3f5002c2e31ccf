/**
 * Spawning one process the way the supervisor runs everything: its own session and
 * process group, stdin from /dev/null, stdout and stderr piped to the supervisor, an exact
 * environment, and umask and nice applied.
 * @module
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { setPriority } from 'node:os';
import type { Readable } from 'node:stream';
import { signalGroup } from '../system/process-group.js';

/** Everything needed to start one process. */
export interface LaunchSpec {
  /** Final argv (already wrapped in setpriv when dropping privileges). */
  readonly argv: readonly string[];
  /** The exact environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string | null;
  /** Octal, e.g. "0022". */
  readonly umask: string | null;
  readonly nice: number | null;
  /** Ids for spawn's own user switch (when setpriv is unavailable). */
  readonly ids: { readonly uid: number; readonly gid: number } | null;
  /** Open a pipe at this descriptor for s6-style readiness notification. */
  readonly notifyFd: number | null;
}

/** What a spawned process reports. */
export interface ChildEvents {
  onOutput(stream: 'stdout' | 'stderr', chunk: Buffer): void;
  /** The process ended (before its pipes are necessarily drained). */
  onExit(code: number | null, signal: string | null): void;
  /** The process could not be started; `onExit` does not follow. */
  onError(error: Error): void;
}

/** A running process, leader of its own process group. */
export interface Child {
  readonly pid: number;
  readonly pgid: number;
  /** Our end of the notification pipe, when one was asked for. */
  readonly notify: Readable | null;
  /** Resolves once stdout and stderr are both closed. */
  readonly drained: Promise<void>;
}

/** The environment the process gets: exactly its own, but bare commands must still resolve. */
export const childEnvironment = (env: Readonly<Record<string, string>>): Record<string, string> =>
  env.PATH === undefined && process.env.PATH !== undefined ? { ...env, PATH: process.env.PATH } : { ...env };

const stdioFor = (notifyFd: number | null): StdioOptions => {
  const stdio: StdioOptions = ['ignore', 'pipe', 'pipe'];
  if (notifyFd !== null) {
    for (let fd = 3; fd < notifyFd; fd++) stdio.push('ignore');
    stdio[notifyFd] = 'pipe';
  }
  return stdio;
};

/** Spawns with the umask in force only around the (synchronous) fork. */
const spawnWithUmask = (spec: LaunchSpec): ChildProcess => {
  const [command, ...args] = spec.argv;
  const previous = spec.umask === null ? null : process.umask(Number.parseInt(spec.umask, 8));
  try {
    return spawn(command ?? '', args, {
      env: childEnvironment(spec.env),
      cwd: spec.cwd ?? undefined,
      detached: true,
      stdio: stdioFor(spec.notifyFd),
      uid: spec.ids?.uid,
      gid: spec.ids?.gid,
    });
  } finally {
    if (previous !== null) process.umask(previous);
  }
};

const ended = (stream: Readable | null | undefined): Promise<void> =>
  stream === null || stream === undefined || stream.readableEnded || stream.destroyed
    ? Promise.resolve()
    : new Promise((resolve) => stream.once('close', () => resolve()));

/**
 * Starts the process, or returns null when it could not be started (`onError` follows).
 * When the process ends, whatever is left of its group is killed (unless `keepGroup`, for
 * a daemon launcher whose daemon may stay in its group): a service's helpers do not
 * outlive it, and a restarted service finds its port free.
 */
export const spawnChild = (spec: LaunchSpec, events: ChildEvents, options: { keepGroup?: boolean } = {}): Child | null => {
  let child: ChildProcess;
  try {
    child = spawnWithUmask(spec);
  } catch (error) {
    queueMicrotask(() => events.onError(error as Error));
    return null;
  }
  const pid = child.pid;
  if (pid === undefined) {
    child.once('error', (error) => events.onError(error));
    return null;
  }
  child.on('error', () => {
    // Only spawn failures are reported here, and those were handled above.
  });
  // Nice is set after the fork: Node cannot set it in between. Raising priority needs
  // root; an unprivileged caller gets the nice it is allowed and the process still runs.
  if (spec.nice !== null) {
    try {
      setPriority(pid, spec.nice);
    } catch {
      // Not permitted.
    }
  }
  child.stdout?.on('data', (chunk: Buffer) => events.onOutput('stdout', chunk));
  child.stderr?.on('data', (chunk: Buffer) => events.onOutput('stderr', chunk));
  const notify = spec.notifyFd === null ? null : (child.stdio[spec.notifyFd] as Readable | null | undefined) ?? null;
  // Read the notification pipe to its end even when nobody listens (any more), so it
  // never blocks the writer; the probe listens from the same tick on.
  notify?.resume();
  child.once('exit', (code, signal) => {
    if (!options.keepGroup) signalGroup(pid, 'SIGKILL');
    // Whoever inherited the pipe must not keep our end open forever.
    notify?.destroy();
    events.onExit(code, signal);
  });
  return { pid, pgid: pid, notify, drained: Promise.all([ended(child.stdout), ended(child.stderr)]).then(() => undefined) };
};
