/**
 * An exclusive lock on a profile, so two switches of the same profile cannot interleave
 * their stops, starts and generation moves (nix-processmgmt had no such lock). The lock is
 * a file created with O_EXCL holding the owner's pid; a lock whose owner is dead is stale
 * and taken over, so a crashed switch does not block the profile forever.
 * @module
 */
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DeployError, StoreError } from '../errors.js';

/** Name of the lock file inside the profile directory. */
export const LOCK_FILE = 'lock';

/** The profile is locked by a live process: another switch is running. */
export class ProfileLockedError extends DeployError {
  constructor(readonly profile: string, readonly pid: number, readonly lockFile: string) {
    super(`another switch is running: profile ${profile} is locked by process ${pid} (if that is not procform, remove ${lockFile})`, false);
  }
}

/** A held lock. */
export interface ProfileLock {
  readonly path: string;
  /** Releases the lock; does nothing when it is no longer ours. */
  readonly release: () => void;
}

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
};

const readContent = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw new StoreError(`cannot read lock ${path}: ${(error as Error).message}`, { cause: error });
  }
};

const pidOf = (content: string): number | null => {
  const pid = Number(content.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
};

/**
 * The lock's content once its owner has written it, or null when the lock is gone. The
 * owner creates the file and writes its pid in two steps, so an empty file is given a
 * moment before it is taken for the remains of an owner that died in between.
 */
const settledContent = (path: string): string | null => {
  for (let waited = 0; ; waited += 10) {
    const content = readContent(path);
    if (content === null || pidOf(content) !== null || waited >= 500) return content;
    sleep(10);
  }
};

/**
 * Moves a stale lock out of the way. Between reading it and moving it, another process may
 * have replaced it with a live lock; that one is put back. (Should a third process lock in
 * that instant too, two would hold the lock; three switches starting within microseconds of
 * each other, after a crash, is accepted as too unlikely to guard against.)
 */
const takeOver = (path: string, stale: string): void => {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw new StoreError(`cannot take over stale lock ${path}: ${(error as Error).message}`, { cause: error });
  }
  const moved = readContent(aside);
  unlinkSync(aside);
  if (moved !== null && moved !== stale) {
    try {
      writeFileSync(path, moved, { flag: 'wx' });
    } catch {
      // A newer lock is already in place.
    }
  }
};

/**
 * Takes the lock of the profile in `dir` (created if missing). Throws ProfileLockedError
 * when a live process holds it, a stale lock being taken over first.
 */
export const acquireProfileLock = (dir: string): ProfileLock => {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  // The token tells this lock from another one of the same process.
  const mine = `${process.pid}\n${randomBytes(8).toString('hex')}\n`;
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      writeFileSync(path, mine, { flag: 'wx' });
      return { path, release: () => releaseLock(path, mine) };
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw new StoreError(`cannot lock profile ${dir}: ${(error as Error).message}`, { cause: error });
    }
    const held = settledContent(path);
    if (held === null) continue;
    const pid = pidOf(held);
    if (pid !== null && isAlive(pid)) throw new ProfileLockedError(dir, pid, path);
    takeOver(path, held);
  }
  throw new DeployError(`cannot lock profile ${dir}: the lock keeps changing hands`, false);
};

const releaseLock = (path: string, mine: string): void => {
  if (readContent(path) !== mine) return;
  try {
    unlinkSync(path);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw new StoreError(`cannot release lock ${path}: ${(error as Error).message}`, { cause: error });
  }
};

/**
 * Runs `fn` holding the profile's lock and releases it afterwards, also when `fn` throws.
 * Throws ProfileLockedError, without running `fn`, when another switch holds the lock.
 */
export const withProfileLock = async <T>(dir: string, fn: () => T | Promise<T>): Promise<T> => {
  const lock = acquireProfileLock(dir);
  try {
    return await fn();
  } finally {
    lock.release();
  }
};
