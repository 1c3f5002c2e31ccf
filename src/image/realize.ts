/**
 * Realizing store entries for an image. Entries with `postInstall` are built in a private
 * temporary directory rather than in the store directory: the image's store path is a
 * path inside the image, which need not exist (or be writable) on this machine. The
 * result is the same entry `realizeWithPostInstall` makes, since both replace the build
 * directory with the entry's own path before hashing.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Realize } from '../build/realize.js';
import { StoreError } from '../errors.js';
import { makeEntry, selfPath } from '../store/entry.js';
import { rewrite } from '../store/hash.js';
import { readFileSet, removeTree, writeFileSet } from '../store/write.js';

/** Realization that runs `postInstall` with `sh -e` in a temporary directory. */
export const realizeForImage: Realize = (storeDir, name, files, postInstall) => {
  if (postInstall === '') return makeEntry(storeDir, name, files);
  const work = mkdtempSync(join(tmpdir(), 'procform-image-build-'));
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
