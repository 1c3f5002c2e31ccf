/**
 * Reading a source from disk: its text (or, for a directory of systemd units, every
 * unit in it), and the env files beside it, read only when a format asks for them.
 * @module
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';

/** The text of a file, or undefined when there is none (or it is not a regular file). */
export const readOptional = (path: string): string | undefined => {
  try {
    return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
};

/** The text of a source file, or undefined for a directory; an `InputError` when it cannot be read. */
export const readSource = (path: string): string | undefined => {
  try {
    return statSync(path).isDirectory() ? undefined : readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as Error).message}`);
  }
};

/** The unit files of a directory, sorted by name. */
export const unitFiles = (dir: string): string[] =>
  readdirSync(dir).filter((name) => /\.service$/.test(name)).sort().map((name) => join(dir, name));
