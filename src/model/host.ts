/**
 * What validation needs to know about the machine. Passed in, so the rules stay pure and
 * tests can describe any machine.
 * @module
 */

/** Facts about the machine the model is validated for. */
export interface Host {
  /** True when a user of this name exists. */
  readonly userExists: (name: string) => boolean;
  /** True when a group of this name exists. */
  readonly groupExists: (name: string) => boolean;
  /** True when `path` is an existing, executable regular file. */
  readonly isExecutable: (path: string) => boolean;
  /**
   * Runs a file check on a private copy of `text` named `name`; `unavailable` when the
   * checking program is not on this machine. Absent: file checks are not run.
   */
  readonly checkFile?: (name: string, text: string, command: readonly string[]) => FileCheckResult;
}

/** What a file check found. */
export type FileCheckResult =
  | { readonly status: 'passed' }
  | { readonly status: 'failed'; readonly output: string }
  | { readonly status: 'unavailable' };
