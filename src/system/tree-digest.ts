/**
 * Content digests of files and directory trees, the same on every run and machine: the
 * entries of a tree are taken in code-unit order of their relative paths, and each
 * contributes its kind, path and, for a file, its executable bit, size and content hash,
 * for a symbolic link its target (links are not followed). Times, owners and other mode
 * bits are left out, since they differ between checkouts of the same code.
 * @module
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { ignoreMatcher } from '../model/inputs/ignore.js';
import type { TreeDigest } from '../model/inputs/reader.js';

const fileRecord = (relative: string, abs: string, stats: Stats): string => {
  const content = readFileSync(abs);
  const sha = createHash('sha256').update(content).digest('hex');
  return `file\0${relative}\0${(stats.mode & 0o111) !== 0 ? 'x' : '-'}\0${content.length}\0${sha}\0`;
};

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The digest of `path` (symbolic links followed at the top only). Throws an `Error`
 * naming the path that could not be read.
 */
export const treeDigest = (path: string, ignore: readonly string[]): TreeDigest => {
  const hash = createHash('sha256');
  let entries = 0;
  const read = <T>(what: string, fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw new Error(`cannot read ${what}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  const top = read(path, () => statSync(path));
  if (!top.isDirectory()) {
    hash.update(read(path, () => fileRecord('', path, top)));
    return { digest: `sha256:${hash.digest('hex')}`, entries: 1 };
  }
  const ignored = ignoreMatcher(ignore);
  const walk = (relative: string): void => {
    const dir = relative === '' ? path : join(path, relative);
    const names = read(dir, () => readdirSync(dir)).sort(byCodeUnit);
    for (const name of names) {
      const rel = relative === '' ? name : `${relative}/${name}`;
      if (ignored(rel)) continue;
      const abs = join(dir, name);
      const stats = read(abs, () => lstatSync(abs));
      entries += 1;
      if (stats.isSymbolicLink()) hash.update(`link\0${rel}\0${read(abs, () => readlinkSync(abs))}\0`);
      else if (stats.isDirectory()) {
        hash.update(`dir\0${rel}\0`);
        walk(rel);
      } else if (stats.isFile()) hash.update(read(abs, () => fileRecord(rel, abs, stats)));
      else hash.update(`other\0${rel}\0`);
    }
  };
  walk('');
  return { digest: `sha256:${hash.digest('hex')}`, entries };
};
