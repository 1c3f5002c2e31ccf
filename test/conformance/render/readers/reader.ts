// What the render conformance suite reads back from a backend's files: each backend has
// a reader for its own formats, written apart from the backend's renderer.
import { join } from 'node:path';
import type { StoreEntry } from '../../../../src/store/entry.js';
import type { Harness, Launch } from '../harness.js';

/** The account a process runs as, as its files name it (a name or a numeric id); group absent where the format takes the user's primary group. */
export interface Account {
  readonly user: string | null;
  readonly group?: string | null;
}

/** A backend's reader; an entry is written to the store before `launch` is asked. */
export interface RenderReader {
  /** The argv (program first) and environment the manager starts the process with. */
  launch(entry: StoreEntry, h: Harness): Launch;
  account(entry: StoreEntry): Account;
  /** The instances the files make the process wait for or start after. */
  dependencies(entry: StoreEntry): string[];
  /** Whether the files give the process a notification fd; absent for backends that refuse notify readiness. */
  notify?(entry: StoreEntry): boolean;
  /** A program `launch` needs that may be missing from this machine (the suite skips, except under CI). */
  readonly external?: { readonly what: string; readonly available: boolean };
}

/** The text of file `path` of `entry`; fails when there is none. */
export const text = (entry: StoreEntry, path: string | RegExp): string => {
  const node = entry.files.find((f) => f.kind === 'file' && (typeof path === 'string' ? f.path === path : path.test(f.path)));
  if (node === undefined || node.kind !== 'file') throw new Error(`${entry.path} has no file ${String(path)}`);
  return node.content;
};

/** Whether `entry` has a file at `path`. */
export const has = (entry: StoreEntry, path: string): boolean => entry.files.some((f) => f.path === path);

/** `path` of `entry` on disk. */
export const onDisk = (entry: StoreEntry, path: string): string => join(entry.path, path);

/** Every match of group 1 of `pattern` (global) in `content`. */
export const all = (content: string, pattern: RegExp): string[] => [...content.matchAll(pattern)].map((m) => m[1]!);

/** The value of `key=` lines of an ini-like text. */
export const line = (content: string, key: string): string | null => {
  const found = content.split('\n').find((l) => l.startsWith(`${key}=`));
  return found === undefined ? null : found.slice(key.length + 1);
};
