/**
 * Which processes listen on a TCP port, read from /proc (the kernel's socket tables, then
 * each process's open descriptors), and whether one of them belongs to a given process.
 * @module
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Inodes of the sockets listening on `port`, any address, IPv4 or IPv6. */
const listeningInodes = (port: number): Set<string> => {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // Field 3 is the state, 0A is LISTEN; field 9 the socket's inode (0 while it closes).
      if (fields[1]?.endsWith(hex) && fields[3] === '0A' && fields[9] !== undefined && fields[9] !== '0') inodes.add(fields[9]);
    }
  }
  return inodes;
};

const numericEntries = (dir: string): string[] => {
  try {
    return readdirSync(dir).filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
};

/**
 * The pids holding a socket that listens on `port`, as far as this process may see: the
 * descriptors of another user's processes are hidden unless procform is root, and a
 * listener in another network namespace (a container) is not in this one's tables. Empty
 * when none is seen.
 */
export const portHolders = (port: number): number[] => {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return [];
  const wanted = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  const holders: number[] = [];
  for (const pid of numericEntries('/proc')) {
    for (const fd of numericEntries(`/proc/${pid}/fd`)) {
      try {
        if (wanted.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) {
          holders.push(Number(pid));
          break;
        }
      } catch {
        // The descriptor closed meanwhile.
      }
    }
  }
  return holders;
};

/** Parent pid and process group of `pid`, or null when it is gone. */
const lineage = (pid: number): { parent: number; group: number } | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { parent: Number(fields[1]), group: Number(fields[2]) };
  } catch {
    return null;
  }
};

/**
 * True when `pid` is `owner`, one of its descendants, or in its process group (a service's
 * whole tree, also the children a forking service leaves to the supervisor).
 */
export const belongsTo = (pid: number, owner: number): boolean => {
  const ownerGroup = lineage(owner)?.group;
  for (let at = pid, steps = 0; at > 1 && steps < 1000; steps++) {
    if (at === owner) return true;
    const next = lineage(at);
    if (next === null) return false;
    if (ownerGroup !== undefined && next.group === ownerGroup) return true;
    at = next.parent;
  }
  return false;
};

/** The command line of `pid`, shortened for a message; null when it cannot be read. */
export const commandOf = (pid: number): string | null => {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((arg) => arg !== '');
    const text = argv.join(' ');
    return text === '' ? null : text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return null;
  }
};
