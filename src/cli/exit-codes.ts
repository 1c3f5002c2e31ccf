/**
 * Exit codes, the same for every command (documented in the README).
 * @module
 */

/** Every exit code procform uses. */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** A switch happened but some processes failed; the new generation is current. */
  partial: 1,
  /** Refused before changing anything: invalid model or input, failed check. */
  refused: 2,
  /** Wrong command-line usage. */
  usage: 100,
  /** System error: I/O, permissions, a program that could not run. */
  system: 111,
} as const;

/** One of the exit codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
