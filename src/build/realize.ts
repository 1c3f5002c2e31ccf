/**
 * Turning rendered files into a store entry. Without `postInstall` this is pure hashing;
 * with it, the files are written to a private build directory, the commands run there
 * with `$out` set to it, and what they leave is read back with every mention of the build
 * directory replaced by the entry's placeholder path, then hashed modulo that placeholder
 * (the self-reference scheme of content-addressed Nix). Private directories keep
 * concurrent builds of the same entry apart.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../errors.js';
import { makeEntry, selfPath, type StoreEntry } from '../store/entry.js';
import { rewrite } from '../store/hash.js';
import type { FileSet } from '../store/file-set.js';
import { readFileSet, removeTree, writeFileSet } from '../store/write.js';

/** Makes an entry from rendered files, running `postInstall` when there is one. */
export type Realize = (storeDir: string, name: string, files: FileSet, postInstall: string) => StoreEntry;

/** Pure realization; fails if a `postInstall` would be needed. */
export const realizePure: Realize = (storeDir, name, files, postInstall) => {
  if (postInstall !== '') throw new StoreError(`entry ${name} has postInstall commands, which need a writable store`);
  return makeEntry(storeDir, name, files);
};

/**
 * A realization that runs `postInstall` with `sh -e` in a private directory made under
 * `workParent(storeDir)`.
 */
export const postInstallRealizer = (workParent: (storeDir: string) => string): Realize => (storeDir, name, files, postInstall) => {
  if (postInstall === '') return makeEntry(storeDir, name, files);
  const parent = workParent(storeDir);
  mkdirSync(parent, { recursive: true });
  const work = mkdtempSync(join(parent, '.build-'));
  const out = join(work, name);
  const self = selfPath(storeDir, name);
  try {
    mkdirSync(out);
    writeFileSet(out, rewrite(files, self, out));
    const result = spawnSync('/bin/sh', ['-ec', postInstall], { cwd: out, env: { ...process.env, out }, encoding: 'utf8' });
    if (result.error || result.status !== 0) {
      throw new StoreError(`postInstall of ${name} failed (exit ${result.status ?? result.error?.message}): ${(result.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}`);
    }
    return makeEntry(storeDir, name, rewrite(readFileSet(out), out, self));
  } finally {
    removeTree(work);
  }
};

/** Realization that builds in a private directory inside the store directory. */
export const realizeWithPostInstall: Realize = postInstallRealizer((storeDir) => storeDir);
