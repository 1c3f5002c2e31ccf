/**
 * What /proc says of a process: account, umask, environment, working directory, command
 * line, nice value; and the processes of a tree, for the check that nothing is left running.
 * @module
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { TestFailure } from './errors.js';
import type { ProcessFacts } from './context-types.js';
import { lookupGroup, lookupUser } from '../system/host.js';

const nameOf = (entry: string | undefined, id: number): string => entry?.split(':')[0] ?? String(id);

/** Account name for a uid, through the name service. */
const userName = (uid: number): string => nameOf(lookupUser(String(uid)), uid);
const groupNameOf = (gid: number): string => nameOf(lookupGroup(String(gid)), gid);

const nulSeparated = (text: string): string[] => text.split('\0').filter((_, i, all) => i < all.length - 1 || all[i] !== '');

/** Reads the facts of `pid`; a `TestFailure` when it does not run or /proc cannot be read. */
export const processFacts = (pid: number): ProcessFacts => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): string => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1] ?? '';
    const uid = Number(field('Uid').split(/\s+/)[0]);
    const gid = Number(field('Gid').split(/\s+/)[0]);
    const environment: Record<string, string> = {};
    for (const pair of nulSeparated(readFileSync(`/proc/${pid}/environ`, 'utf8'))) {
      const at = pair.indexOf('=');
      if (at > 0) environment[pair.slice(0, at)] = pair.slice(at + 1);
    }
    // The command name in stat may hold spaces and parentheses: the fields start after the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      pid, uid, gid, user: userName(uid), group: groupNameOf(gid),
      umask: field('Umask') || 'unknown',
      environment,
      cwd: readlinkSync(`/proc/${pid}/cwd`),
      argv: nulSeparated(readFileSync(`/proc/${pid}/cmdline`, 'utf8')),
      nice: Number(fields[16]),
    };
  } catch (error) {
    throw new TestFailure(`cannot read /proc/${pid}: ${(error as Error).message}`);
  }
};

/** Every process of the machine with its parent, from /proc. */
const parents = (): Map<number, number> => {
  const result = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      result.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone in between.
    }
  }
  return result;
};

/** `pids` and every process below them. */
export const processTree = (pids: readonly number[]): number[] => {
  const parentOf = parents();
  const tree = new Set(pids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of parentOf) {
      if (!tree.has(pid) && tree.has(parent)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return [...tree].sort((a, b) => a - b);
};

/** A process's command line in one line, for a report; empty when it is gone. */
export const commandLine = (pid: number): string => {
  try {
    return nulSeparated(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).join(' ');
  } catch {
    return '';
  }
};

/** When a process started (clock ticks since boot), to tell it from a later one with the same pid. */
export const startTicks = (pid: number): number | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  } catch {
    return null;
  }
};

/** Processes whose command line or working directory names `dir`: what a sandbox left behind. */
export const processesUnder = (dir: string): number[] => {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cwd = readlinkSync(`/proc/${name}/cwd`);
      const line = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cwd === dir || cwd.startsWith(`${dir}/`) || line.includes(dir)) found.push(Number(name));
    } catch {
      // Gone, or a kernel thread.
    }
  }
  return found;
};
