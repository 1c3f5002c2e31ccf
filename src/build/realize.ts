/**
 * Turning rendered files into a store entry. Without `postInstall` this is pure hashing;
 * with it, the files are written to a directory at the entry's placeholder path, the
 * commands run there with `$out` set, and what they leave is read back and hashed
 * (the self-reference scheme of content-addressed Nix: build at a path of the final
 * length, hash modulo that path, then substitute).
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { StoreError } from '../errors.js';
import { makeEntry, selfPath, type StoreEntry } from '../store/entry.js';
import type { FileSet } from '../store/file-set.js';
import { readFileSet, removeTree, writeFileSet } from '../store/write.js';

/** Makes an entry from rendered files, running `postInstall` when there is one. */
export type Realize = (storeDir: string, name: string, files: FileSet, postInstall: string) => StoreEntry;

/** Pure realization; fails if a `postInstall` would be needed. */
export const realizePure: Realize = (storeDir, name, files, postInstall) => {
  if (postInstall !== '') throw new StoreError(`entry ${name} has postInstall commands, which need a writable store`);
  return makeEntry(storeDir, name, files);
};

/** Realization that runs `postInstall` with `sh -e` in a directory at the placeholder path. */
export const realizeWithPostInstall: Realize = (storeDir, name, files, postInstall) => {
  if (postInstall === '') return makeEntry(storeDir, name, files);
  const out = selfPath(storeDir, name);
  mkdirSync(storeDir, { recursive: true });
  if (existsSync(out)) removeTree(out);
  mkdirSync(out);
  try {
    writeFileSet(out, files);
    const result = spawnSync('/bin/sh', ['-ec', postInstall], { cwd: out, env: { ...process.env, out }, encoding: 'utf8' });
    if (result.error || result.status !== 0) {
      throw new StoreError(`postInstall of ${name} failed (exit ${result.status ?? result.error?.message}): ${(result.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}`);
    }
    return makeEntry(storeDir, name, readFileSet(out));
  } finally {
    removeTree(out);
  }
};
