/**
 * Content hashes of store entries, modulo self-references: an entry may mention its own
 * store path, so the hash is taken with every occurrence of its own hash part replaced by
 * a fixed placeholder of the same length, then the placeholder is replaced by the hash.
 * @module
 */
import { createHash } from 'node:crypto';
import { toBase32 } from './base32.js';
import type { FileSet } from './file-set.js';

/** Length of the hash part of a store entry name. */
export const HASH_LENGTH = 32;

/** Names of store entries: letters, digits and `+-._`, not starting with a dot. */
export const ENTRY_NAME = /^[A-Za-z0-9+_-][A-Za-z0-9+._-]{0,199}$/;

const digest = (text: string): string => toBase32(createHash('sha256').update(text).digest().subarray(0, 20));

/**
 * The placeholder an entry's renderer uses for its own hash. It depends only on the
 * entry name, has the final hash's length, and cannot be mistaken for ordinary text.
 */
export const placeholderHash = (name: string): string => digest(`procform-self-placeholder:${name}`);

/** Hash of an entry whose self-references use `placeholderHash(name)`. */
export const entryHash = (name: string, files: FileSet): string => {
  const parts = [`procform-entry-v1\0${name}\0`];
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const node of sorted) {
    parts.push(node.kind === 'file'
      ? `file\0${node.path}\0${node.executable ? 'x' : '-'}\0${Buffer.byteLength(node.content)}\0${node.content}\0`
      : `link\0${node.path}\0${node.target}\0`);
  }
  return digest(parts.join(''));
};

/** Replaces every occurrence of `from` by `to` in the contents and link targets. */
export const rewrite = (files: FileSet, from: string, to: string): FileSet =>
  files.map((node) => node.kind === 'file'
    ? { ...node, content: node.content.split(from).join(to) }
    : { ...node, target: node.target.split(from).join(to) });
