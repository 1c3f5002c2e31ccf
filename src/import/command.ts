/**
 * Command lines given as one string. A string of plain words becomes the argv a shell
 * would make of it, which is what a person writes; anything a shell must interpret
 * (variables, pipes, globs, quotes within words that need the shell's rules, builtins)
 * stays a string run by the shell the source tool uses, so nothing changes meaning.
 * @module
 */
import { isAbsolute, join } from 'node:path';
import { parse } from 'shell-quote';
import type { Argv } from './types.js';

// Words a shell runs itself, not as a program: they need the shell.
const SHELL_WORDS = new Set([
  '!', '{', '}', '[[', ']]', '.', ':', 'alias', 'bg', 'break', 'case', 'cd', 'command', 'continue', 'do', 'done', 'elif', 'else',
  'esac', 'eval', 'exit', 'export', 'fg', 'fi', 'for', 'function', 'getopts', 'hash', 'if', 'jobs', 'local', 'read', 'readonly',
  'return', 'select', 'set', 'shift', 'source', 'then', 'time', 'times', 'trap', 'ulimit', 'umask', 'unalias', 'unset', 'until',
  'wait', 'while',
]);

/**
 * The argv of a command string when a shell would run it as one plain program, else
 * undefined. A leading `exec` is dropped: it only replaces the shell, which is not there.
 */
export const plainWords = (text: string): string[] | undefined => {
  if (/[$`\n\r\\]/.test(text)) return undefined;
  const tokens = parse(text);
  if (!tokens.every((t): t is string => typeof t === 'string')) return undefined;
  const words = tokens[0] === 'exec' ? tokens.slice(1) : tokens;
  if (words.length === 0 || words.some((w) => w.startsWith('~')) || words[0]!.includes('=') || SHELL_WORDS.has(words[0]!)) return undefined;
  return words;
};

/** A command string as argv when it is plain words, else run by `shell` (e.g. `["/bin/sh", "-c"]`). */
export const shellCommand = (text: string, shell: readonly string[]): Argv => {
  const words = plainWords(text);
  if (words) return { executable: words[0]!, args: words.slice(1) };
  return { executable: shell[0]!, args: [...shell.slice(1), text] };
};

/**
 * procform takes an executable as an absolute path or a bare name looked up on PATH; a
 * relative path such as `./bin/web` is relative to the working directory, so it is made
 * absolute against that directory.
 */
export const absoluteExecutable = (argv: Argv, directory: string): Argv =>
  argv.executable.includes('/') && !isAbsolute(argv.executable) ? { ...argv, executable: join(directory, argv.executable) } : argv;
