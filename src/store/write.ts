/**
 * Writing entries into the store. An entry appears atomically (written under a temporary
 * name, then renamed) and read-only; an entry that already exists is left as it is, since
 * the same name means the same content.
 * @module
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { StoreError } from '../errors.js';
import type { StoreEntry } from './entry.js';
import type { FileSet, FileSetNode } from './file-set.js';

/** Makes every directory below `root` (and `root`) writable again so it can be removed. */
const makeWritable = (root: string): void => {
  if (!existsSync(root) || lstatSync(root).isSymbolicLink()) return;
  if (lstatSync(root).isDirectory()) {
    chmodSync(root, 0o755);
    for (const child of readdirSync(root)) makeWritable(join(root, child));
  }
};

/** Removes a directory tree, read-only parts included. */
export const removeTree = (path: string): void => {
  makeWritable(path);
  rmSync(path, { recursive: true, force: true });
};

/** Makes the directories of a written file set read-only, deepest first. */
const freeze = (root: string, files: FileSet): void => {
  const dirs = new Set<string>();
  for (const node of files) {
    for (let d = dirname(node.path); d !== '.'; d = dirname(d)) dirs.add(d);
  }
  for (const d of [...dirs].sort((a, b) => b.length - a.length)) chmodSync(join(root, d), 0o555);
  chmodSync(root, 0o555);
};

/** Writes a file set below `dir`, which must exist and be empty. */
export const writeFileSet = (dir: string, files: FileSet): void => {
  // Directory operations are slow on some file systems; create each parent only once.
  const made = new Set<string>([dir]);
  for (const node of files) {
    const target = join(dir, node.path);
    const parent = dirname(target);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    if (node.kind === 'file') writeFileSync(target, node.content, { mode: node.executable ? 0o555 : 0o444 });
    else symlinkSync(node.target, target);
  }
};

/** True when the entry is already in the store. */
export const entryExists = (entry: StoreEntry): boolean => existsSync(entry.path);

/** Writes the entry unless it exists; returns true when it was written now. */
export const writeEntry = (entry: StoreEntry): boolean => {
  if (existsSync(entry.path)) return false;
  const storeDir = dirname(entry.path);
  const temp = join(storeDir, `.tmp-${randomBytes(6).toString('hex')}-${entry.name}`);
  try {
    mkdirSync(temp, { recursive: true });
    writeFileSet(temp, entry.files);
    freeze(temp, entry.files);
    renameSync(temp, entry.path);
    return true;
  } catch (error) {
    removeTree(temp);
    const code = (error as NodeJS.ErrnoException).code;
    // Another build wrote the same entry first: its content is the same by construction.
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && existsSync(entry.path)) return false;
    throw new StoreError(`cannot write store entry ${entry.path}: ${(error as Error).message}`, { cause: error });
  }
};

/** Reads an entry (or any directory) back as a file set, sorted by path. */
export const readFileSet = (dir: string): FileSet => {
  const out: FileSetNode[] = [];
  const walk = (rel: string): void => {
    for (const child of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === '' ? child.name : `${rel}/${child.name}`;
      const abs = join(dir, path);
      if (child.isSymbolicLink()) out.push({ kind: 'link', path, target: readlinkSync(abs) });
      else if (child.isDirectory()) walk(path);
      else out.push({ kind: 'file', path, content: readFileSync(abs, 'utf8'), executable: (lstatSync(abs).mode & 0o111) !== 0 });
    }
  };
  walk('');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
};
