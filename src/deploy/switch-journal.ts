/**
 * The switch journal: a file in the profile saying which switch is under way, written
 * before anything is applied and removed once the switch has recorded its outcome. A
 * procform killed in between (SIGKILL, a lost terminal, a crash) leaves it behind, and
 * the next command of the profile that finds it knows the profile may not name what runs.
 * @module
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../errors.js';
import type { CurrentGeneration } from './profiles.js';

/** Name of the journal inside the profile directory. */
export const JOURNAL_FILE = 'switching.json';

/** A switch under way. */
export interface SwitchJournal {
  /** The generation current when the switch began; null before the first. */
  readonly from: CurrentGeneration | null;
  readonly to: CurrentGeneration;
  /** When the switch began (ISO 8601). */
  readonly started: string;
  /** The procform that runs the switch. */
  readonly pid: number;
}

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

const fsyncPath = (path: string, flags: string): void => {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/**
 * Writes the journal of the profile in `dir`: to a temporary file, synced, renamed into
 * place and the directory synced, so that after a crash of the machine too the journal is
 * either whole or absent, and present whenever anything was applied.
 */
export const writeJournal = (dir: string, journal: SwitchJournal): void => {
  const path = join(dir, JOURNAL_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, 'w', 0o644);
    try {
      writeSync(fd, `${JSON.stringify(journal)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    fsyncPath(dir, 'r');
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Never made, or already renamed.
    }
    throw new StoreError(`cannot write the switch journal of profile ${dir}: ${(error as Error).message}`, { cause: error });
  }
};

const isGeneration = (value: unknown): value is CurrentGeneration =>
  typeof value === 'object' && value !== null && Number.isInteger((value as CurrentGeneration).number) && typeof (value as CurrentGeneration).path === 'string';

/** The journal of the profile in `dir`, or null when no switch is under way. */
export const readJournal = (dir: string): SwitchJournal | null => {
  const path = join(dir, JOURNAL_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw new StoreError(`cannot read the switch journal ${path}: ${(error as Error).message}`, { cause: error });
  }
  let journal: Partial<SwitchJournal>;
  try {
    journal = JSON.parse(text) as Partial<SwitchJournal>;
  } catch {
    throw new StoreError(`the switch journal ${path} is damaged (it is not JSON); remove it, then check with procform status which generation runs`);
  }
  if (!isGeneration(journal.to) || !(journal.from === null || isGeneration(journal.from)) || typeof journal.pid !== 'number') {
    throw new StoreError(`the switch journal ${path} is damaged (it does not name the switch's generations); remove it, then check with procform status which generation runs`);
  }
  return { from: journal.from, to: journal.to, started: String(journal.started), pid: journal.pid };
};

/** Removes the journal: the switch has recorded its outcome. */
export const clearJournal = (dir: string): void => {
  try {
    unlinkSync(join(dir, JOURNAL_FILE));
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw new StoreError(`cannot remove the switch journal of profile ${dir}: ${(error as Error).message}`, { cause: error });
  }
};
