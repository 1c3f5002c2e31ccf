/**
 * Facts about a process that the kernel knows when its manager does not: whether a pid
 * from a pid file still runs, and since when. For managers that only keep pid files
 * (sysvinit, BSD rc).
 * @module
 */
import { readFileSync } from 'node:fs';
import { pidAlive, processStartTime } from '../system/process-group.js';

/** Clock ticks per second of /proc's times: USER_HZ, 100 on every Linux architecture procform runs on. */
const USER_HZ = 100;

/** The pid in a pid file, or null when the file is missing or holds no pid. */
export const pidFromFile = (path: string): number | null => {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
};

/** The pid in a pid file when that process runs (not a zombie), else null. */
export const livePidFromFile = (path: string): number | null => {
  const pid = pidFromFile(path);
  return pid !== null && pidAlive(pid) ? pid : null;
};

const bootTime = (): number | null => {
  try {
    const line = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    return line === null ? null : Number(line[1]);
  } catch {
    return null;
  }
};

/** When `pid` started, in milliseconds since the epoch (to 10 ms), or null when /proc cannot tell. */
export const processStartedAt = (pid: number): number | null => {
  const ticks = processStartTime(pid);
  const boot = bootTime();
  return ticks === null || boot === null || !Number.isFinite(ticks) ? null : boot * 1000 + (ticks * 1000) / USER_HZ;
};
