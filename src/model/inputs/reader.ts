/**
 * What tracking inputs needs from the file system. Passed in, like the host facts, so
 * validation and rendering stay free of I/O and tests can describe any tree.
 * @module
 */

/** What a path is, symbolic links followed. */
export type PathKind = 'file' | 'directory' | 'other' | 'missing';

/** The content digest of a file or a directory tree. */
export interface TreeDigest {
  /** `sha256:` and 64 hex digits. */
  readonly digest: string;
  /** Files, links and other entries counted in the digest (1 for a file). */
  readonly entries: number;
}

/** Reads paths for the build. */
export interface InputReader {
  /** What `path` is; `missing` when it does not exist or cannot be examined. */
  readonly kind: (path: string) => PathKind;
  /**
   * The digest of a file or directory: for a directory, every entry below it except the
   * ignored ones, in a fixed order. Throws an `Error` saying what could not be read.
   */
  readonly digest: (path: string, ignore: readonly string[]) => TreeDigest;
  /** The text of a file (an env file); throws an `Error` saying why it cannot be read. */
  readonly readText?: (path: string) => string;
}
