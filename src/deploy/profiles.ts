/**
 * Profiles: the history of generations deployed to one target, like a Nix profile. A
 * profile is a directory of symlinks, `generation-<N>` to a generation's store path and
 * `current` to the active `generation-<N>`.
 *
 * Unlike nix-processmgmt's profiles, adding a generation does not activate it (a switch
 * that fails leaves `current` where it was), `current` is moved atomically, rollback is
 * relative to `current` rather than to the second-newest generation, and going back to an
 * older generation does not create a new one.
 * @module
 */
import { lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import { InputError, StoreError } from '../errors.js';

/** One generation of a profile. */
export interface ProfileGeneration {
  readonly number: number;
  /** Store path of the generation entry. */
  readonly path: string;
  readonly current: boolean;
  /** A switch to it failed and went back, and it has not been current since. */
  readonly failed: boolean;
  /** When the generation was added (the modification time of its link). */
  readonly createdAt: Date;
}

/** The active generation of a profile. */
export interface CurrentGeneration {
  readonly number: number;
  readonly path: string;
}

const CURRENT = 'current';
const GENERATION_LINK = /^generation-([1-9][0-9]*)$/;
const FAILED_MARK = /^generation-([1-9][0-9]*)\.failed$/;

const failedMark = (dir: string, number: number): string => join(dir, `${generationLinkName(number)}.failed`);

const removeFailedMark = (dir: string, number: number): void => {
  try {
    unlinkSync(failedMark(dir, number));
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw new StoreError(`cannot update profile ${dir}: ${(error as Error).message}`, { cause: error });
  }
};

/**
 * Marks generation `number` as one a switch failed to bring up, so that rollback passes
 * over it; making it current later clears the mark.
 */
export const markFailed = (dir: string, number: number): void => {
  requireGeneration(dir, number);
  writeFileSync(failedMark(dir, number), '');
};

/** Name of the link of generation `number`. */
export const generationLinkName = (number: number): string => `generation-${number}`;

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/** The target of a link, or null when there is no such link. */
const readLink = (path: string): string | null => {
  try {
    return readlinkSync(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw new StoreError(`cannot read link ${path}: ${(error as Error).message}`, { cause: error });
  }
};

/** The number `current` points to, or null before the first switch. */
const currentNumber = (dir: string): number | null => {
  const target = readLink(join(dir, CURRENT));
  if (target === null) return null;
  const match = GENERATION_LINK.exec(target);
  if (match === null) throw new StoreError(`profile ${dir} is damaged: "${CURRENT}" points to "${target}", not to a generation-<N> link`);
  return Number(match[1]);
};

/** Every generation of the profile, oldest first; none when the directory does not exist. */
export const listGenerations = (dir: string): ProfileGeneration[] => {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw new StoreError(`cannot read profile ${dir}: ${(error as Error).message}`, { cause: error });
  }
  const current = currentNumber(dir);
  const failedMarks = new Set(names.flatMap((name) => {
    const match = FAILED_MARK.exec(name);
    return match === null ? [] : [Number(match[1])];
  }));
  const generations: ProfileGeneration[] = [];
  for (const name of names) {
    const match = GENERATION_LINK.exec(name);
    if (match === null) continue;
    const link = join(dir, name);
    try {
      const stat = lstatSync(link);
      if (!stat.isSymbolicLink()) continue;
      const number = Number(match[1]);
      generations.push({ number, path: readlinkSync(link), current: number === current, failed: failedMarks.has(number), createdAt: stat.mtime });
    } catch (error) {
      // Removed by a concurrent `delete-generations` since the directory was read.
      if (errorCode(error) !== 'ENOENT') throw new StoreError(`cannot read ${link}: ${(error as Error).message}`, { cause: error });
    }
  }
  return generations.sort((a, b) => a.number - b.number);
};

/** The active generation, or null when the profile was never switched to. */
export const currentGeneration = (dir: string): CurrentGeneration | null => {
  const number = currentNumber(dir);
  if (number === null) return null;
  const path = readLink(join(dir, generationLinkName(number)));
  if (path === null) throw new StoreError(`profile ${dir} is damaged: "${CURRENT}" points to generation ${number}, which does not exist`);
  return { number, path };
};

/**
 * Records `storePath` as a new generation and returns its number, without activating it.
 * When the newest generation already holds this store path, its number is returned and
 * nothing is added, so re-deploying the same build (after a failed switch, or after a
 * rollback) does not pile up identical generations.
 */
export const addGeneration = (dir: string, storePath: string): number => {
  if (!isAbsolute(storePath)) throw new InputError(`a generation must be an absolute store path, not "${storePath}"`);
  mkdirSync(dir, { recursive: true });
  const newest = listGenerations(dir).at(-1);
  if (newest !== undefined && newest.path === storePath) return newest.number;
  // Another process may take a number between listing and linking; take the next one then.
  for (let number = (newest?.number ?? 0) + 1; ; number++) {
    try {
      symlinkSync(storePath, join(dir, generationLinkName(number)));
      return number;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw new StoreError(`cannot add a generation to profile ${dir}: ${(error as Error).message}`, { cause: error });
    }
  }
};

const requireGeneration = (dir: string, number: number): void => {
  if (!Number.isInteger(number) || number < 1 || readLink(join(dir, generationLinkName(number))) === null) {
    throw new InputError(`generation ${number} does not exist in profile ${dir}`, 'list the generations to see which exist');
  }
};

/**
 * Makes generation `number` the current one. The new link is made under a temporary name
 * and renamed over `current`, so `current` always exists and always names a whole
 * generation, even if procform is killed halfway. Throws InputError for an unknown number.
 */
export const setCurrent = (dir: string, number: number): void => {
  requireGeneration(dir, number);
  const temp = join(dir, `.${CURRENT}-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    symlinkSync(generationLinkName(number), temp);
    renameSync(temp, join(dir, CURRENT));
    removeFailedMark(dir, number);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // The temporary link was never made, or is gone already.
    }
    throw new StoreError(`cannot make generation ${number} current in profile ${dir}: ${(error as Error).message}`, { cause: error });
  }
};

/**
 * The generation to roll back to: the highest-numbered one below the current one that a
 * switch did not fail to bring up. Throws InputError when the profile has no current
 * generation or none before it.
 */
export const previousGeneration = (dir: string): CurrentGeneration => {
  const current = currentGeneration(dir);
  if (current === null) throw new InputError(`profile ${dir} has no current generation to roll back from`);
  const before = listGenerations(dir).filter((g) => g.number < current.number && !g.failed).at(-1);
  if (before === undefined) throw new InputError(`no generation before ${current.number} in profile ${dir}`);
  return { number: before.number, path: before.path };
};

/** Removes generation `number`. Refuses (InputError) the current one and unknown numbers. */
export const removeGeneration = (dir: string, number: number): void => {
  if (currentNumber(dir) === number) throw new InputError(`generation ${number} is the current generation of profile ${dir} and cannot be removed`);
  requireGeneration(dir, number);
  try {
    unlinkSync(join(dir, generationLinkName(number)));
    removeFailedMark(dir, number);
  } catch (error) {
    throw new StoreError(`cannot remove generation ${number} of profile ${dir}: ${(error as Error).message}`, { cause: error });
  }
};

/**
 * Runs a switch to generation `number`; when it throws before making the generation
 * current, the generation is marked failed (and the error passed on).
 */
export const failedUnlessCurrent = async <T>(dir: string, number: number, run: () => Promise<T>): Promise<T> => {
  try {
    return await run();
  } catch (error) {
    if (currentNumber(dir) !== number) markFailed(dir, number);
    throw error;
  }
};

// The lock guards these operations, so callers find it next to them.
export { acquireProfileLock, ProfileLockedError, withProfileLock, type ProfileLock } from './profile-lock.js';
