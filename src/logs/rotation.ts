/**
 * The names of a log and its rotated files, and how a reader holding one of them finds the
 * files written after it.
 *
 * `name.log` is the newest, then `name.log.1`, `name.log.2`, … up to `name.log.<keep>`, the
 * oldest. Files are identified by device and inode, never by name, because rotation moves
 * every name; an open descriptor pins its inode, so the number cannot be reused while held.
 * @module
 */
import { closeSync, constants, fstatSync, openSync, statSync, type Stats } from 'node:fs';
import { errnoCode, logError } from './errors.js';

/** Path of the `index`-th rotated file of `path`; 0 is the live file itself. */
export const rotatedPath = (path: string, index: number): string => (index === 0 ? path : `${path}.${index}`);

/** A file of the chain, held open for reading. */
export interface OpenLog {
  readonly fd: number;
  readonly dev: number;
  readonly ino: number;
}

/** Whether two stats (or an open log and a stat) name the same file. */
export const sameFile = (a: { dev: number; ino: number }, b: { dev: number; ino: number }): boolean => a.dev === b.dev && a.ino === b.ino;

/** Opens a file for reading (not through a link), or returns null when it does not exist. */
export const openIfExists = (path: string): OpenLog | null => {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw logError('open', path, error);
  }
  const { dev, ino } = fstatSync(fd);
  return { fd, dev, ino };
};

/** Stats a path, or returns null when it does not exist. */
export const statIfExists = (path: string): Stats | null => {
  try {
    return statSync(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw logError('inspect', path, error);
  }
};

/** More rotated files than anyone keeps; bounds the walk if names are strange. */
const MAX_WALK = 10_000;

/**
 * The files written after `held`, oldest first and ending with the live file, all opened;
 * or null when the names are in the middle of a rotation (try again shortly).
 *
 * When `held` is no longer among the names, the reader fell more than `keep` rotations
 * behind: those lines are gone, and every remaining file that was modified no earlier than
 * `held` counts as newer.
 */
export const filesAfter = (path: string, held: OpenLog): OpenLog[] | null => {
  const opened: OpenLog[] = [];
  let heldAt = -1;
  for (let index = 0; index < MAX_WALK; index++) {
    const file = openIfExists(rotatedPath(path, index));
    if (file === null) break;
    if (sameFile(file, held)) {
      closeSync(file.fd);
      heldAt = index;
      break;
    }
    opened.push(file);
  }
  // A rotation during the walk shifts names under it; only a walk whose names all still
  // point where they pointed is a true picture.
  const stillAt = (index: number, file: OpenLog): boolean => {
    const now = statIfExists(rotatedPath(path, index));
    return now !== null && sameFile(now, file);
  };
  const stable = opened.length > 0 && opened.every((file, index) => stillAt(index, file)) && (heldAt < 0 || stillAt(heldAt, held));
  if (!stable) {
    for (const file of opened) closeSync(file.fd);
    return null;
  }
  let newer = opened;
  if (heldAt < 0) {
    const heldModified = fstatSync(held.fd).mtimeMs;
    newer = opened.filter((file, index) => index === 0 || fstatSync(file.fd).mtimeMs >= heldModified);
    for (const file of opened) if (!newer.includes(file)) closeSync(file.fd);
  }
  return newer.reverse();
};
