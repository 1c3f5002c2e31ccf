/**
 * The record file: the copy of a process's record (or of what its activator needs) that a
 * backend writes into every store entry, read back when the generation is deployed,
 * observed or rolled back to. The store holds what a build wrote, but it can be damaged,
 * hand-edited or written by another version of procform, so every read is checked against
 * the backend's schema before an activator acts on it.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { RecordFileError } from '../errors.js';
import type { Declared } from './record-schema.js';

/** Where a backend keeps the record in an entry, and the shape the record has. */
export interface RecordFile<T> {
  /** The file's name inside every entry of the backend. */
  readonly name: string;
  /** Checks a parsed file; yields the record. */
  readonly parse: (value: unknown) => { readonly record: T } | { readonly problem: string };
}

const describe = (issue: z.core.$ZodIssue): string => {
  const where = issue.path.length === 0 ? 'the record' : issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return `${where}: ${issue.message}`;
};

/**
 * A record file named `name` whose content `schema` declares. Keys the schema does not
 * have at the top are let through: a newer procform may write more than this one reads.
 */
export const recordFile = <S extends z.ZodMiniObject>(name: string, schema: S): RecordFile<Declared<S>> => {
  const loose = z.looseObject(schema.shape);
  return {
    name,
    parse: (value) => {
      const result = loose.safeParse(value);
      // The schema declares Declared<S>: its output, read-only.
      if (result.success) return { record: result.data as Declared<S> };
      return { problem: result.error.issues.slice(0, 3).map(describe).join('; ') };
    },
  };
};

/** Checks the text of a record file at `path` (read, or not yet written); throws like `readRecordFile`. */
export const parseRecordFile = <T>(path: string, text: string, file: RecordFile<T>): T => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RecordFileError(path, `is not JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = file.parse(value);
  if ('problem' in parsed) throw new RecordFileError(path, `does not have the shape its backend writes: ${parsed.problem}`);
  return parsed.record;
};

/** Reads the record file of `entry`; throws RecordFileError naming the file when it is missing or does not fit. */
export const readRecordFile = <T>(entry: string, file: RecordFile<T>): T => {
  const path = join(entry, file.name);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new RecordFileError(path, missing ? 'is missing' : `cannot be read (${(error as Error).message})`, { cause: error });
  }
  return parseRecordFile(path, text, file);
};
