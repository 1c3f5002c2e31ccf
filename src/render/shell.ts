/**
 * Quoting for POSIX shell scripts. Every value a generated script passes to a command goes
 * through `quoteShell`, so no value can end a word early, expand a variable or run a
 * command: single quotes take everything literally, and a single quote itself is written
 * as '\'' (close, escaped quote, reopen).
 * @module
 */
import { InputError } from '../errors.js';

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One shell word that stands for exactly `value`. Throws on NUL, which no argv can hold. */
export const quoteShell = (value: string): string => {
  if (value.includes('\0')) throw new InputError('a value contains a NUL character, which a command line cannot carry');
  return value !== '' && SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
};

/** A command line that runs exactly `argv`. */
export const quoteArgv = (argv: readonly string[]): string => argv.map(quoteShell).join(' ');
