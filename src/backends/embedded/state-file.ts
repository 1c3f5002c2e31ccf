/**
 * The daemon's state file: its pid, the generation it runs and the process groups of its
 * children, each with the kernel's start time of its leader so a recycled pid is never
 * mistaken for one of ours. A daemon that finds the file of a dead predecessor (killed
 * with SIGKILL, say) stops those groups before it starts anything: no orphans survive.
 * @module
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { UntrustedPathError } from '../../errors.js';
import { checkOwnFile, linkRefused } from '../../system/trusted-path.js';
import type { ManagerFault } from '../../deploy/observation.js';
import { pidAlive, processGroupOf, processStartTime } from '../../system/process-group.js';

/** A process group the daemon started. */
export interface RecordedGroup {
  readonly instance: string;
  readonly pid: number;
  readonly pgid: number;
  /** Start time of `pid` in clock ticks since boot (/proc/PID/stat field 22). */
  readonly startTime: number | null;
}

/** The state file's content. */
export interface DaemonState {
  readonly daemonPid: number;
  readonly generation: string | null;
  readonly groups: readonly RecordedGroup[];
}

/** What the state file is, in the words of an error about it. */
const ROLE = "the supervisor's state file";

/**
 * Writes the state atomically. The temporary file is made afresh (O_EXCL, O_NOFOLLOW), so
 * that a link planted under its name is never written through. When writing fails (a full
 * disk), the partial file is removed rather than left to take the space the next attempt needs.
 */
export const writeState = (path: string, state: DaemonState): void => {
  const temp = `${path}.tmp`;
  removeState(temp);
  try {
    const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      writeFileSync(fd, `${JSON.stringify(state)}\n`);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    removeState(temp);
    throw error;
  }
};

/**
 * Reads the state file, or null when there is none or it is unreadable. Throws an
 * `UntrustedPathError` for a file that is a link or not the invoking user's: the groups it
 * names are signalled, so it must be one this user's supervisor wrote.
 */
export const readState = (path: string): DaemonState | null => {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw linkRefused(path, ROLE);
    return null;
  }
  try {
    checkOwnFile(fstatSync(fd), path, ROLE);
    return JSON.parse(readFileSync(fd, 'utf8')) as DaemonState;
  } catch (error) {
    if (error instanceof UntrustedPathError) throw error;
    return null;
  } finally {
    closeSync(fd);
  }
};

/** Removes the state file. */
export const removeState = (path: string): void => {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stops the process groups a dead daemon left behind: TERM, then KILL after `graceMs`.
 * Groups whose leader is gone or was replaced by another process are only signalled when
 * the leader still matches; returns the instances that were cleaned up.
 */
export const reapGroups = async (groups: readonly RecordedGroup[], graceMs = 5000): Promise<string[]> => {
  // The leader must still be the process started then, and still lead the group recorded:
  // only then is the group the one the supervisor made.
  const ours = groups.filter((g) => g.startTime !== null && processStartTime(g.pid) === g.startTime && processGroupOf(g.pid) === g.pgid);
  const signal = (name: NodeJS.Signals): void => {
    for (const g of ours) {
      try {
        process.kill(-g.pgid, name);
      } catch {
        // The group is gone.
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (ours.some((g) => pidAlive(g.pid)) && Date.now() < deadline) await sleep(50);
  signal('SIGKILL');
  return ours.map((g) => g.instance);
};

/** What the recorder needs to know about the supervisor at a given moment. */
export interface StateSnapshot {
  readonly generation: string | null;
  readonly groups: readonly { readonly instance: string; readonly pid: number; readonly pgid: number }[];
}

/** Keeps the state file current without slowing the supervisor down. */
export interface StateRecorder {
  /** Asks for a write; several requests in one event-loop turn make one write. */
  readonly schedule: () => void;
  /** Writes now if anything changed, or if the last write failed. Never throws. */
  readonly flush: () => void;
  /** Why the state file is not current, while a write keeps failing; else null. */
  readonly fault: () => ManagerFault | null;
  /** Stops retrying a failed write. */
  readonly close: () => void;
}

/** How long after a failed write the next attempt is made. */
const RETRY_MS = 1000;

/**
 * A recorder for `path`. A restart passes through several states and a deployment of 50
 * processes through hundreds, so writes are coalesced per event-loop turn, skipped when
 * nothing recorded changed, and each pid's start time is read from /proc only once.
 *
 * A write that fails (a full disk, an I/O error) must not end the supervisor: its children
 * would then run on with nobody watching them and, as they were never recorded, nobody to
 * find them. The supervisor goes on with what it knows, the failure is its fault until a
 * write succeeds, and the write is tried again every second.
 */
export const stateRecorder = (path: string, snapshot: () => StateSnapshot): StateRecorder => {
  const startTimes = new Map<number, number | null>();
  let scheduled = false;
  let last = '';
  let fault: ManagerFault | null = null;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  const flush = (): void => {
    scheduled = false;
    clearTimeout(retry);
    retry = undefined;
    const { generation, groups } = snapshot();
    const live = new Set(groups.map((g) => g.pid));
    for (const pid of startTimes.keys()) if (!live.has(pid)) startTimes.delete(pid);
    const recorded = groups.map((g) => {
      if (!startTimes.has(g.pid)) startTimes.set(g.pid, processStartTime(g.pid));
      return { instance: g.instance, pid: g.pid, pgid: g.pgid, startTime: startTimes.get(g.pid)! };
    });
    const state: DaemonState = { daemonPid: process.pid, generation, groups: recorded };
    const text = JSON.stringify(state);
    if (text === last && fault === null) return;
    try {
      writeState(path, state);
    } catch (error) {
      const message = `cannot write the state file ${path} (${(error as Error).message}); it is tried again every second, and until it is written the processes started since are known to this supervisor alone (were it killed, procform down could not find them)`;
      fault = { message, since: fault?.since ?? Date.now() };
      if (!closed) retry = setTimeout(flush, RETRY_MS).unref();
      return;
    }
    last = text;
    fault = null;
  };
  return {
    schedule: () => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(flush);
    },
    flush,
    fault: () => fault,
    close: () => {
      closed = true;
      clearTimeout(retry);
    },
  };
};
