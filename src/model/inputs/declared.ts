/**
 * The `inputs` field: files and directories whose content is part of a process, so a
 * changed one gives the process a new store entry and a switch restarts it. Paths are
 * absolute, `file:` URLs (`new URL('./app', import.meta.url)`), or relative to the
 * directory of the model file.
 * @module
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Names skipped while walking a declared directory, unless the input lists its own
 * `ignore`: version-control metadata changes without the code changing, and
 * `node_modules` is large and follows the lock file, which is tracked.
 */
export const DEFAULT_IGNORE: readonly string[] = ['.git', '.hg', '.svn', 'node_modules'];

/** A path as a model writes it: a string (absolute, relative or `file:`) or a `file:` URL. */
export type InputPath = string | URL;

/** One entry of `inputs`: a path, or a path with its own ignore list. */
export type InputDeclaration = InputPath | {
  /** The file or directory: absolute, relative to the model file's directory, or a `file:` URL. */
  readonly path: InputPath;
  /**
   * Names (any depth) or paths relative to the input (containing "/") left out, with `*`
   * and `?` wildcards. Replaces the default list; `[]` tracks everything.
   * @default [".git", ".hg", ".svn", "node_modules"]
   */
  readonly ignore?: readonly string[];
};

/** A declared input after normalization. */
export interface DeclaredInput {
  /** Absolute, without `.`, `..` or a trailing slash. */
  readonly path: string;
  readonly ignore: readonly string[];
}

/** True for a URL object with the `file:` protocol (from any realm). */
export const isFileUrl = (value: unknown): value is URL =>
  typeof value === 'object' && value !== null && typeof (value as URL).href === 'string' && (value as URL).protocol === 'file:';

/** The absolute path of an input path; relative paths are taken from `baseDir`. */
export const resolveInputPath = (path: InputPath, baseDir: string): string => {
  if (isFileUrl(path)) return resolve(fileURLToPath(path));
  if (path.startsWith('file:')) return resolve(fileURLToPath(path));
  return isAbsolute(path) ? resolve(path) : resolve(baseDir, path);
};

/**
 * Normalizes `inputs`: absolute paths, ignore lists applied, in declaration order (so a
 * problem can name the entry the user wrote), one per path (the first one wins).
 */
export const normalizeInputs = (inputs: readonly InputDeclaration[], baseDir: string): DeclaredInput[] => {
  const byPath = new Map<string, DeclaredInput>();
  for (const input of inputs) {
    const given = typeof input === 'string' || isFileUrl(input) ? { path: input } : input;
    const path = resolveInputPath(given.path, baseDir);
    if (!byPath.has(path)) byPath.set(path, { path, ignore: [...(given.ignore ?? DEFAULT_IGNORE)] });
  }
  return [...byPath.values()];
};
