/**
 * The daemon's state file: its pid, the generation it runs and the process groups of its
 * children, each with the kernel's start time of its leader so a recycled pid is never
 * mistaken for one of ours. A daemon that finds the file of a dead predecessor (killed
 * with SIGKILL, say) stops those groups before it starts anything: no orphans survive.
 * @module
 */
import { existsSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';

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

/** Start time of a process from /proc, or null when it does not exist. */
export const processStartTime = (pid: number): number | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses; fields resume after the last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return null;
  }
};

/**
 * True when `pid` runs. A zombie counts as gone: a killed orphan stays one until the
 * machine's init reaps it, which can take seconds where init is not a real one.
 */
export const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

/** Writes the state atomically. */
export const writeState = (path: string, state: DaemonState): void => {
  const temp = `${path}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  renameSync(temp, path);
};

/** Reads the state file, or null when there is none or it is unreadable. */
export const readState = (path: string): DaemonState | null => {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as DaemonState;
  } catch {
    return null;
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
  const ours = groups.filter((g) => g.startTime !== null && processStartTime(g.pid) === g.startTime);
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
