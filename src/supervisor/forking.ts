/**
 * Daemon mode: the command forks a daemon, writes its pid file and exits 0. The
 * supervisor then finds the daemon through the pid file and watches it by polling, since
 * it is not our child and its exit status is lost to us. Foreground mode is better in
 * every way; this exists for programs that cannot run in the foreground.
 * @module
 */
import { readFile, rm, stat } from 'node:fs/promises';
import { spawnChild, type LaunchSpec } from './child.js';
import { describeExit } from './state-machine.js';
import { processAlive, processGroupOf, signalGroup, signalProcess } from '../system/process-group.js';

/** How often the pid file is looked for, and the daemon checked. */
const PID_FILE_POLL_MS = 50;
const WATCH_MS = 100;

/** What a daemon-mode run reports. After `signal`, every ending is reported as `onExit`. */
export interface ForkingEvents {
  onOutput(stream: 'stdout' | 'stderr', chunk: Buffer): void;
  /** The pid file names a live daemon. */
  onStarted(pid: number): void;
  /** The launcher failed, or could not be run. */
  onStartFailed(reason: string): void;
  /** No live pid in the pid file before the deadline. */
  onTimeout(reason: string): void;
  /** The daemon is gone (or, once stopping, whatever ran is gone). */
  onExit(): void;
}

/** A daemon-mode run. */
export interface ForkingRun {
  /** The launcher, then the daemon; null while only the pid file is awaited. */
  current(): { readonly pid: number; readonly pgid: number } | null;
  /** Signals what runs (daemon and its group, or the launcher's group) and enters stopping. */
  signal(signal: NodeJS.Signals): void;
  /** Stops polling; reports nothing more. */
  cancel(): void;
}

/** The pid a pid file names and when the file was written, or null when there is none. */
const readPidFile = async (path: string): Promise<{ pid: number; mtimeMs: number } | null> => {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    const pid = Number.parseInt(text.trim(), 10);
    return Number.isInteger(pid) && pid > 1 ? { pid, mtimeMs: info.mtimeMs } : null;
  } catch {
    return null;
  }
};

/** Runs the launcher and follows the daemon it leaves behind. */
export const startForking = (spec: LaunchSpec, pidFile: string, timeoutMs: number, events: ForkingEvents): ForkingRun => {
  const deadline = Date.now() + timeoutMs;
  const ownGroup = processGroupOf('self');
  let phase: 'launching' | 'pidFile' | 'watching' = 'launching';
  let launcher: { pid: number; pgid: number } | null = null;
  let daemon: { pid: number; pgid: number } | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;
  let done = false;
  const end = (report: () => void): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    report();
  };

  const watch = (): void => {
    if (done) return;
    if (daemon !== null && !processAlive(daemon.pid)) {
      // Like a foreground service's, the daemon's helpers do not outlive it.
      if (daemon.pgid > 0) signalGroup(daemon.pgid, 'SIGKILL');
      return end(() => events.onExit());
    }
    timer = setTimeout(watch, WATCH_MS);
  };
  // What the pid file held before the launch: a file that still holds it names an old daemon
  // (or a recycled pid), never the new one.
  let before: { pid: number; mtimeMs: number } | null = null;
  const awaitPidFile = async (): Promise<void> => {
    const found = await readPidFile(pidFile);
    if (done) return;
    const fresh = found !== null && (before === null || found.pid !== before.pid || found.mtimeMs !== before.mtimeMs);
    const pid = fresh && processAlive(found.pid) ? found.pid : null;
    if (pid !== null) {
      const pgid = processGroupOf(pid) ?? pid;
      // Never signal our own group: a daemon that did not leave it would take us along.
      daemon = { pid, pgid: pgid === ownGroup ? -1 : pgid };
      phase = 'watching';
      events.onStarted(pid);
      timer = setTimeout(watch, WATCH_MS);
    } else if (Date.now() >= deadline) {
      end(() => events.onTimeout(`no live process in ${pidFile} within ${timeoutMs / 1000} s`));
    } else {
      timer = setTimeout(() => void awaitPidFile(), PID_FILE_POLL_MS);
    }
  };
  const launch = (): void => {
    if (stopping) return end(() => events.onExit());
    const child = spawnChild(spec, {
      onOutput: events.onOutput,
      onError: (error) => end(() => (stopping ? events.onExit() : events.onStartFailed(`cannot run ${spec.argv.join(' ')}: ${error.message}`))),
      onExit: (code, signal) => {
        if (stopping) return end(() => events.onExit());
        if (code !== 0) return end(() => events.onStartFailed(`daemon launcher ended with ${describeExit({ code, signal })}`));
        phase = 'pidFile';
        void awaitPidFile();
      },
    }, { keepGroup: true });
    launcher = child === null ? null : { pid: child.pid, pgid: child.pgid };
  };

  // A pid file left by a dead daemon goes; one naming a live process is remembered (above).
  void readPidFile(pidFile)
    .then((old) => {
      if (old !== null && processAlive(old.pid)) before = old;
      else return rm(pidFile, { force: true });
    })
    .catch(() => undefined)
    .then(launch);

  return {
    // A daemon left in our group is reported as its own group, which signals nobody else.
    current: () => (phase === 'watching' && daemon ? { pid: daemon.pid, pgid: daemon.pgid > 0 ? daemon.pgid : daemon.pid } : phase === 'launching' ? launcher : null),
    signal: (name) => {
      stopping = true;
      if (phase === 'watching' && daemon !== null) {
        if (daemon.pgid > 0) signalGroup(daemon.pgid, name);
        signalProcess(daemon.pid, name);
      } else if (launcher !== null) {
        // Before its pid file is read, the daemon is still in the launcher's group, unless it left it.
        signalGroup(launcher.pgid, name);
      }
      // Nothing left to watch (no pid file yet, or the run already reported its end): the
      // stop is complete as far as we can know.
      if (done || phase === 'pidFile') {
        done = true;
        clearTimeout(timer);
        queueMicrotask(() => events.onExit());
      }
    },
    cancel: () => end(() => undefined),
  };
};
