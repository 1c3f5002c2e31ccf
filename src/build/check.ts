/**
 * `build --check`: two independent builds must give the same bytes, and an entry already
 * in the store must match what a new build gives for it.
 * @module
 */
import { existsSync } from 'node:fs';
import { NondeterminismError } from '../errors.js';
import type { StoreEntry } from '../store/entry.js';
import type { FileSet, FileSetNode } from '../store/file-set.js';
import { readFileSet } from '../store/write.js';
import type { BuildResult } from './build.js';

const describe = (node: FileSetNode | undefined): string =>
  node === undefined ? 'missing' : node.kind === 'link' ? `link to ${node.target}` : `${Buffer.byteLength(node.content)} bytes${node.executable ? ', executable' : ''}`;

/** The first path whose node differs between two file sets, with what differs. */
export const firstDifference = (a: FileSet, b: FileSet): { path: string; detail: string } | undefined => {
  const left = new Map(a.map((n) => [n.path, n]));
  const right = new Map(b.map((n) => [n.path, n]));
  for (const path of [...new Set([...left.keys(), ...right.keys()])].sort()) {
    const [x, y] = [left.get(path), right.get(path)];
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    if (x?.kind === 'file' && y?.kind === 'file' && x.content !== y.content) {
      const lx = x.content.split('\n');
      const ly = y.content.split('\n');
      const line = lx.findIndex((l, i) => l !== ly[i]);
      return { path, detail: `line ${line + 1}: ${JSON.stringify(lx[line] ?? '')} vs ${JSON.stringify(ly[line] ?? '')}` };
    }
    return { path, detail: `${describe(x)} vs ${describe(y)}` };
  }
  return undefined;
};

const byName = (entries: readonly StoreEntry[]): Map<string, StoreEntry> => new Map(entries.map((e) => [e.name, e]));

/** Throws `NondeterminismError` naming the first file that differs between two builds. */
export const compareBuilds = (first: BuildResult, second: BuildResult): void => {
  const other = byName(second.entries);
  for (const entry of first.entries) {
    const twin = other.get(entry.name);
    const diff = firstDifference(entry.files, twin?.files ?? []);
    if (diff) throw new NondeterminismError(entry.name, diff.path, diff.detail);
    if (twin && twin.path !== entry.path) throw new NondeterminismError(entry.name, '.', `hash ${entry.hash} vs ${twin.hash}`);
  }
  if (second.entries.length !== first.entries.length) {
    const names = new Set(first.entries.map((e) => e.name));
    const extra = second.entries.find((e) => !names.has(e.name));
    throw new NondeterminismError(extra?.name ?? '?', '.', 'entry exists in only one of the two builds');
  }
};

/** Throws when an entry already in the store differs from the one just computed. */
export const compareWithStore = (result: BuildResult): void => {
  for (const entry of result.entries) {
    if (!existsSync(entry.path)) continue;
    const diff = firstDifference(readFileSet(entry.path), entry.files);
    if (diff) throw new NondeterminismError(entry.path, diff.path, `store vs new build, ${diff.detail}`);
  }
};
