/**
 * Signals and liveness of processes and process groups. Every service runs in a session
 * and process group of its own, so stopping the group stops the whole tree, including
 * children the service forgot about (the orphan problem of foreman and early
 * process-compose).
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Fields of /proc/PID/stat after the command name, or null (no such process, or no /proc). */
const statFields = (pid: number | 'self'): string[] | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; the fields resume after the last ")".
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
};

/** A zombie (or dying) process has ended; its parent just has not reaped it. */
const isZombie = (fields: readonly string[] | null): boolean => fields?.[0] === 'Z' || fields?.[0] === 'X';

/** The process group of `pid` from /proc, or null when unknown. */
export const processGroupOf = (pid: number | 'self'): number | null => {
  const pgrp = Number(statFields(pid)?.[2]);
  return Number.isInteger(pgrp) && pgrp > 0 ? pgrp : null;
};

/**
 * True while `pid` runs. A zombie counts as ended: an orphaned daemon is reparented to
 * init, and where init does not reap (some containers) it would otherwise live forever.
 */
export const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(statFields(pid));
};

/** True while group `pgid` has members, zombies included: a cheap check without /proc. */
export const groupExists = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * The groups among `pgids` in which some process still runs; zombies do not count (see
 * `processAlive`). /proc is read once for all of them, and only when a group still exists.
 */
export const liveGroups = (pgids: readonly number[]): number[] => {
  const existing = pgids.filter(groupExists);
  if (existing.length === 0) return [];
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return existing;
  }
  const running = new Set<number>();
  for (const name of pids) {
    const fields = statFields(Number(name));
    if (fields !== null && !isZombie(fields)) running.add(Number(fields[2]));
  }
  return existing.filter((pgid) => running.has(pgid));
};

/** Sends `signal` to a process group; false when the group is gone. */
export const signalGroup = (pgid: number, signal: NodeJS.Signals): boolean => {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
};

/** Sends `signal` to one process; false when it is gone. */
export const signalProcess = (pid: number, signal: NodeJS.Signals): boolean => {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
};

/** `TERM` or `SIGTERM` → `SIGTERM`. */
export const signalName = (name: string): NodeJS.Signals => (name.startsWith('SIG') ? name : `SIG${name}`) as NodeJS.Signals;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once every listed group is gone (true), or after `timeoutMs` (false). */
export const waitGroupsGone = async (pgids: readonly number[], timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  let alive = liveGroups(pgids);
  while (alive.length > 0 && Date.now() < deadline) {
    await sleep(20);
    alive = liveGroups(alive);
  }
  return alive.length === 0;
};

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
