/**
 * The file that makes a process's inputs part of its entry: every tracked path with its
 * digest. It goes through the store writer like any rendered file, so a changed input
 * changes the entry's hash, and with it the generation's, on every backend. A process
 * that tracks nothing gets no such file, and keeps the hash it had before inputs existed.
 * @module
 */
import type { TrackedInput } from '../model/inputs/collect.js';
import { canonicalJson } from '../render/json.js';
import { file, type FileNode, type FileSet } from '../store/file-set.js';
import { StoreError } from '../errors.js';

/** Where the file goes in an entry unless the backend says otherwise. */
export const INPUTS_FILE = 'inputs.json';

/** The document written for the tracked inputs of a process. */
export interface InputsDocument {
  readonly formatVersion: 1;
  readonly inputs: readonly TrackedInput[];
}

/** The inputs file, or nothing when nothing is tracked. */
export const inputsFile = (path: string, tracked: readonly TrackedInput[]): FileNode[] =>
  tracked.length === 0 ? [] : [file(path, canonicalJson({ formatVersion: 1, inputs: tracked } satisfies InputsDocument))];

/** A rendered file set with the inputs file added; a backend file at the same path is a bug. */
export const withInputsFile = (files: FileSet, path: string, tracked: readonly TrackedInput[]): FileSet => {
  if (tracked.length > 0 && files.some((node) => node.path === path)) throw new StoreError(`the backend already renders ${path}, where the inputs digest goes`);
  return [...files, ...inputsFile(path, tracked)];
};
