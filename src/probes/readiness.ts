/**
 * Readiness probes: when a started process can serve its dependents. TCP, HTTP and exec
 * checks are retried every `interval` seconds; log lines and the notification fd are
 * waited for. Either way the probe gives up after `timeout` seconds. Cancelling a probe
 * (the process exited or is being stopped) frees every timer, socket and check process.
 * @module
 */
import type { Readable } from 'node:stream';
import type { Readiness } from '../model/readiness.js';
import { execAttempt, httpAttempt, tcpAttempt, type Attempt, type CheckAccount } from './probe-attempts.js';
import { belongsTo, commandOf, portHolders } from '../system/port-holders.js';

export type { CheckAccount } from './probe-attempts.js';

/**
 * The account exec checks of a process that runs as `user` (and `group`) run as: that user
 * when procform is root, since only root can switch, else null (the caller, as the process).
 */
export const checkAccount = (user: string | null, group: string | null, isRoot = process.getuid?.() === 0): CheckAccount | null =>
  isRoot && user !== null ? { user, group } : null;

/** A line of output, for log probes. */
export type LineListener = (stream: 'stdout' | 'stderr', line: string) => void;

/** What a probe can look at. */
export interface ProbeTarget {
  readonly readiness: Readiness;
  /** Environment and directory of exec checks: the service's own. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string | null;
  /** Whom exec checks run as: the service's user, or null to run them as the caller (see {@link checkAccount}). */
  readonly account: CheckAccount | null;
  /** Subscribes to complete output lines; returns the unsubscribe function. */
  readonly subscribeLines: (listener: LineListener) => () => void;
  /** The notification pipe, for `notify`. */
  readonly notify: Readable | null;
  /**
   * The process probed, where the caller can name its pid (null while it has none): a TCP
   * or HTTP probe of a port on this machine then counts only an answer from that process's
   * tree (see {@link answeredByOwner}).
   */
  readonly owner?: ProbeOwner;
}

/** The process a probe is for. */
export interface ProbeOwner {
  /** Its name in messages (the instance). */
  readonly name: string;
  readonly pid: () => number | null | Promise<number | null>;
}

const LOCAL_HOSTS = new Set(['localhost', '::1', '0.0.0.0', '::', '']);
const isLocal = (host: string): boolean => LOCAL_HOSTS.has(host) || host.startsWith('127.');

/**
 * A TCP or HTTP answer proves readiness only when the probed process gave it: a process
 * left over from an earlier deployment or from a supervisor that was killed may still
 * hold the port, answer every probe, and hide that the new process could not bind it. So
 * when an attempt succeeds, the listeners of the port are looked up in /proc, and one of
 * them must be the process, a descendant, or in its process group.
 *
 * This is checked when the probe is answered, not by asking that the port be free before
 * the start: a free port then says nothing about who answers later (an orphan that is
 * restarted by its own supervisor takes the port back after the check), and a port held at
 * the start may be let go in time (an old instance still stopping), which polling then
 * sees. Where the listener cannot be seen (in another network namespace, such as a port a
 * container publishes, or held by another user while procform is not root), or the
 * process's pid is not known, the answer counts as before, since refusing it would fail
 * every such deployment.
 */
export const answeredByOwner = (attempt: Attempt, host: string, port: number, owner: ProbeOwner | undefined): Attempt => async (signal) => {
  const problem = await attempt(signal);
  if (problem !== null || owner === undefined || !isLocal(host)) return problem;
  const pid = await owner.pid();
  if (pid === null) return null;
  const holders = portHolders(port);
  if (holders.length === 0 || holders.some((holder) => belongsTo(holder, pid))) return null;
  const holder = holders[0]!;
  return `port ${port} is held by pid ${holder} (${commandOf(holder) ?? 'command unknown'}), not by ${owner.name}`;
};

/** How a probe ends, unless cancelled first. Exactly one is called, once. */
export interface ProbeEvents {
  onReady(): void;
  onTimeout(reason: string): void;
}

/** Cancels the probe; safe to call at any time, more than once. */
export type CancelProbe = () => void;

/** Waits for the process to prove it is ready. */
export const startProbe = (target: ProbeTarget, events: ProbeEvents): CancelProbe => {
  const { readiness } = target;
  const cleanups: (() => void)[] = [];
  let settled = false;
  let lastProblem: string | null = null;
  const cancel = (): void => {
    settled = true;
    for (const cleanup of cleanups.splice(0)) cleanup();
  };
  const finish = (callback: () => void): void => {
    if (settled) return;
    cancel();
    callback();
  };
  const deadline = setTimeout(() => finish(() => events.onTimeout(
    `not ready within ${readiness.timeout} s (${readiness.kind} probe${lastProblem === null ? '' : `: ${lastProblem}`})`,
  )), readiness.timeout * 1000);
  cleanups.push(() => clearTimeout(deadline));
  const ready = (): void => finish(() => events.onReady());

  const poll = (attempt: Attempt): void => {
    let controller: AbortController | null = null;
    let timer: NodeJS.Timeout | undefined;
    cleanups.push(() => {
      controller?.abort();
      clearTimeout(timer);
    });
    const once = async (): Promise<void> => {
      controller = new AbortController();
      const problem = await attempt(controller.signal);
      if (settled) return;
      if (problem === null) return ready();
      lastProblem = problem;
      timer = setTimeout(() => void once(), readiness.interval * 1000);
    };
    void once();
  };

  switch (readiness.kind) {
    case 'tcp':
      poll(answeredByOwner(tcpAttempt(readiness.host, readiness.port), readiness.host, readiness.port, target.owner));
      break;
    case 'http':
      poll(answeredByOwner(httpAttempt(readiness.host, readiness.port, readiness.path, readiness.status), readiness.host, readiness.port, target.owner));
      break;
    case 'exec':
      poll(execAttempt(readiness.command, target.env, target.cwd, target.account));
      break;
    case 'log': {
      // Without "g" or "y", test() keeps no state between lines.
      const pattern = new RegExp(readiness.pattern.source, readiness.pattern.flags.replace(/[gy]/g, ''));
      const wanted = readiness.stream;
      cleanups.push(target.subscribeLines((stream, line) => {
        if ((wanted === 'both' || wanted === stream) && pattern.test(line)) ready();
      }));
      break;
    }
    case 'notify': {
      const pipe = target.notify;
      if (pipe === null) {
        lastProblem = `no pipe at fd ${readiness.fd}`;
        break;
      }
      const onData = (chunk: Buffer): void => {
        if (chunk.includes(0x0a)) ready();
      };
      pipe.on('data', onData);
      cleanups.push(() => pipe.off('data', onData));
      break;
    }
  }
  return cancel;
};
