/**
 * The process listening on a Unix socket, found through /proc: a supervisor that does not
 * answer cannot say its pid, and `procform up` keeps no state file that would.
 * @module
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** `__SO_ACCEPTCON` in /proc/net/unix: the socket listens. */
const LISTENING = 0x10000;

/** The inode of the socket listening on `path`, or null. */
const listeningInode = (path: string): string | null => {
  let table: string;
  try {
    table = readFileSync('/proc/net/unix', 'utf8');
  } catch {
    return null;
  }
  for (const line of table.split('\n').slice(1)) {
    // Num RefCount Protocol Flags Type St Inode Path
    const fields = line.trim().split(/\s+/);
    if (fields.length >= 8 && fields.slice(7).join(' ') === path && (Number.parseInt(fields[3]!, 16) & LISTENING) !== 0) return fields[6]!;
  }
  return null;
};

/**
 * The pid of the process listening on the socket at `path`, or null when none is found
 * (no /proc, nobody listens, or the listener belongs to a user whose descriptors we cannot read).
 */
export const socketOwner = (path: string): number | null => {
  const inode = listeningInode(path);
  if (inode === null) return null;
  const wanted = `socket:[${inode}]`;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === wanted) return Number(pid);
      } catch {
        // Closed meanwhile.
      }
    }
  }
  return null;
};
