/**
 * Store entries: a named, content-addressed set of files at `<storeDir>/<hash>-<name>`.
 * @module
 */
import { StoreError } from '../errors.js';
import type { FileSet } from './file-set.js';
import { ENTRY_NAME, entryHash, placeholderHash, rewrite } from './hash.js';

/** An entry ready to be written: its final path and its final files. */
export interface StoreEntry {
  readonly name: string;
  readonly hash: string;
  /** Absolute path: `<storeDir>/<hash>-<name>`. */
  readonly path: string;
  readonly files: FileSet;
}

/** The path a renderer uses for an entry's own location before its hash is known. */
export const selfPath = (storeDir: string, name: string): string => `${storeDir}/${placeholderHash(name)}-${name}`;

/**
 * Makes an entry from files that refer to themselves through `selfPath(storeDir, name)`.
 * Paths must be relative, unique and free of `..`; the name must be a valid entry name.
 */
export const makeEntry = (storeDir: string, name: string, files: FileSet): StoreEntry => {
  if (!ENTRY_NAME.test(name)) throw new StoreError(`invalid store entry name ${JSON.stringify(name)}: use letters, digits and "+-._"`);
  const seen = new Set<string>();
  for (const node of files) {
    const parts = node.path.split('/');
    if (node.path.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..')) {
      throw new StoreError(`store entry ${name}: invalid file path ${JSON.stringify(node.path)}`);
    }
    if (seen.has(node.path)) throw new StoreError(`store entry ${name}: file ${node.path} is given twice`);
    seen.add(node.path);
  }
  const hash = entryHash(name, files);
  return { name, hash, path: `${storeDir}/${hash}-${name}`, files: rewrite(files, placeholderHash(name), hash) };
};

/**
 * Recomputes the hash of an entry read back from disk: its own hash is replaced by the
 * placeholder first, so an entry that names itself still verifies.
 */
export const verifyHash = (name: string, hash: string, files: FileSet): boolean =>
  entryHash(name, rewrite(files, hash, placeholderHash(name))) === hash;
