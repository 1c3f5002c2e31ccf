/**
 * Quoting for supervisord's configuration syntax. A program section is read by Python's
 * configparser (with `;` and `#` starting an inline comment after whitespace, values
 * stripped of surrounding whitespace, no newlines), then %-expanded (`%(here)s`,
 * `%(ENV_X)s`), then `command` is split by `shlex.split` (POSIX mode) and `environment`
 * by a non-POSIX shlex lexer that cannot escape a quote inside quotes and strips every
 * leading and trailing quote character from a value. Each helper either returns text
 * that supervisord reads back as exactly the given value, or throws
 * `SupervisordQuoteError` saying why the value cannot be written.
 * @module
 */
import { InputError } from '../../errors.js';

/** A value supervisord's syntax cannot carry exactly. */
export class SupervisordQuoteError extends InputError {}

/** Characters Python's str.isspace() accepts: configparser strips them and finds comments after them. */
const PY_SPACE = /[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
const PY_SPACE_THEN_COMMENT = new RegExp(`${PY_SPACE.source}[;#]`, 'u');
const LINE_BREAK = /[\n\r\0]/;

const describe = (value: string): string => JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);

/** Doubles `%`, which supervisord's expansion (`%(name)s`) would otherwise interpret. */
export const escapePercent = (value: string): string => value.replace(/%/g, '%%');

/**
 * A plain INI value (directory, user, log file paths): %-escaped, and rejected when the
 * parser would change it (line breaks, surrounding whitespace, a comment marker after
 * whitespace).
 */
export const iniValue = (value: string, what: string): string => {
  if (LINE_BREAK.test(value)) throw new SupervisordQuoteError(`supervisord: ${what} ${describe(value)} contains a line break or NUL, which a supervisord setting cannot hold`);
  if (value !== '' && (PY_SPACE.test(value[0]!) || PY_SPACE.test(value.at(-1)!))) {
    throw new SupervisordQuoteError(`supervisord: ${what} ${describe(value)} starts or ends with whitespace, which supervisord's configuration parser strips`);
  }
  if (PY_SPACE_THEN_COMMENT.test(value)) {
    throw new SupervisordQuoteError(`supervisord: ${what} ${describe(value)} contains ";" or "#" after whitespace, which supervisord's configuration parser reads as a comment`);
  }
  return escapePercent(value);
};

const WORD_SAFE = /[A-Za-z0-9_@+=:,./-]/;

/**
 * One `shlex.split` word standing for exactly `value`, safe inside an INI value: ASCII
 * specials are backslash-escaped (so no whitespace is ever followed by `;` or `#`),
 * whitespace that Python would strip is single-quoted, `%` is doubled.
 */
export const quoteCommandWord = (value: string): string => {
  if (LINE_BREAK.test(value)) throw new SupervisordQuoteError(`supervisord: the command word ${describe(value)} contains a line break or NUL, which a supervisord command line cannot hold`);
  if (value === '') return "''";
  let out = '';
  for (const char of value) {
    if (char === '%') out += '%%';
    else if (char === ' ') out += '\\ ';
    else if (PY_SPACE.test(char)) out += `'${char}'`;
    else if (WORD_SAFE.test(char) || char.codePointAt(0)! > 0x7f) out += char;
    else out += `\\${char}`;
  }
  return out;
};

/** A `command=` value that supervisord splits back into exactly `argv`. */
export const quoteCommand = (argv: readonly string[]): string => {
  if (argv.length === 0) throw new SupervisordQuoteError('supervisord: empty command');
  return argv.map(quoteCommandWord).join(' ');
};

/** Why an environment value cannot be written in `environment=`, or null when it can. */
export const environmentProblem = (value: string): string | null => {
  if (LINE_BREAK.test(value)) return 'it contains a line break or NUL';
  if (value.includes('"') && value.includes("'")) return 'it contains both kinds of quote, and supervisord cannot escape a quote';
  if (/^['"]|['"]$/.test(value)) return 'it starts or ends with a quote, which supervisord strips';
  if (PY_SPACE_THEN_COMMENT.test(value)) return 'it contains ";" or "#" after whitespace, which supervisord reads as a comment';
  return null;
};

/** One `KEY="value"` pair of `environment=`. */
export const quoteEnvironmentPair = (name: string, value: string): string => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new SupervisordQuoteError(`supervisord: environment variable name ${describe(name)} is not a shell name`);
  const problem = environmentProblem(value);
  if (problem !== null) throw new SupervisordQuoteError(`supervisord: the value ${describe(value)} of environment variable ${name} cannot be written in environment=: ${problem}`);
  const quote = value.includes('"') ? "'" : '"';
  return `${name}=${quote}${escapePercent(value)}${quote}`;
};

/** The `environment=` value for `env` (sorted by name), or null when it is empty. */
export const quoteEnvironment = (env: Readonly<Record<string, string>>): string | null => {
  const names = Object.keys(env).sort();
  return names.length === 0 ? null : names.map((name) => quoteEnvironmentPair(name, env[name]!)).join(',');
};
