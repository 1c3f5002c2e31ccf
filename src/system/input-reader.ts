/**
 * The file system as input tracking sees it. Each reader remembers what it read, so a
 * program several processes run is hashed once per build.
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import type { InputReader, PathKind, TreeDigest } from '../model/inputs/reader.js';
import { treeDigest } from './tree-digest.js';

/** A reader of this machine's files, with its own memory. */
export const localInputReader = (): InputReader => {
  const kinds = new Map<string, PathKind>();
  const digests = new Map<string, TreeDigest>();
  return {
    kind: (path) => {
      let kind = kinds.get(path);
      if (kind === undefined) {
        try {
          const stats = statSync(path);
          kind = stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';
        } catch {
          kind = 'missing';
        }
        kinds.set(path, kind);
      }
      return kind;
    },
    digest: (path, ignore) => {
      const key = `${path}\0${ignore.join('\0')}`;
      let digest = digests.get(key);
      if (digest === undefined) {
        digest = treeDigest(path, ignore);
        digests.set(key, digest);
      }
      return digest;
    },
    readText: (path) => readFileSync(path, 'utf8'),
  };
};
