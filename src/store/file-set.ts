/**
 * The contents of a store entry before it is written: relative paths to files or links.
 * @module
 */

/** A regular file; `executable` picks mode 0555 instead of 0444. */
export interface FileNode {
  readonly kind: 'file';
  readonly path: string;
  readonly content: string;
  readonly executable: boolean;
}

/** A symbolic link, e.g. from a generation to the entries it references. */
export interface LinkNode {
  readonly kind: 'link';
  readonly path: string;
  readonly target: string;
}

/** One node of a file set. */
export type FileSetNode = FileNode | LinkNode;

/** What a renderer returns: nodes with unique relative paths. */
export type FileSet = readonly FileSetNode[];

/** A text file node. */
export const file = (path: string, content: string, executable = false): FileNode => ({ kind: 'file', path, content, executable });

/** A link node. */
export const link = (path: string, target: string): LinkNode => ({ kind: 'link', path, target });
