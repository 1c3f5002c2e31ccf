/**
 * Quoting for what MariaDB reads from us: option-file values and SQL names. A value is
 * either written so the server reads back exactly it, or refused.
 * @module
 */
import { ServiceArgumentError } from '../common/names.js';
import type { MariadbSettingValue } from './options.js';

const SERVICE = 'mariadb';

/**
 * An option-file value. Strings are double-quoted, which keeps `#` and surrounding spaces;
 * inside, the option-file reader turns `\\`, `\"`, `\n`, `\r` and `\t` back into the
 * characters, so those are escaped. Numbers must be finite.
 */
export const quoteOptionValue = (value: MariadbSettingValue, argument: string): string => {
  if (typeof value === 'boolean') return value ? 'ON' : 'OFF';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ServiceArgumentError(SERVICE, argument, `${value} is not a finite number`);
    return String(value);
  }
  if (value.includes('\0')) throw new ServiceArgumentError(SERVICE, argument, 'contains a NUL character, which an option file cannot carry');
  const escaped = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return `"${escaped}"`;
};

// The option-file reader takes lines through a 4096-byte buffer, the NUL included; a longer
// line would be read as two.
const MAX_LINE = 4094;

/** One `name = value` line of an option file; refused when the reader would split it. */
export const optionLine = (name: string, value: MariadbSettingValue, argument: string): string => {
  const line = `${name} = ${quoteOptionValue(value, argument)}`;
  if (Buffer.byteLength(line) > MAX_LINE) throw new ServiceArgumentError(SERVICE, argument, `makes a line of ${Buffer.byteLength(line)} bytes, longer than the ${MAX_LINE} an option file can hold`);
  return line;
};

/**
 * Requires a name that SQL can carry whatever the server's `sql_mode`: a backslash is an
 * escape character or not depending on NO_BACKSLASH_ESCAPES, so it is refused, with NUL
 * and line breaks (the bootstrap reader takes a line ending in ";" for a statement's end).
 */
export const requireSqlText = (value: string, argument: string, maxLength: number): string => {
  if (value === '' || [...value].length > maxLength || /[\0\\\n\r]/.test(value)) {
    throw new ServiceArgumentError(SERVICE, argument, `${JSON.stringify(value)} must be 1 to ${maxLength} characters without NUL, backslash or line break`);
  }
  return value;
};

/** An SQL string literal of text without backslashes (see {@link requireSqlText}): a quote is doubled. */
export const quoteString = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** An SQL identifier: backquoted, a backquote doubled. */
export const quoteIdentifier = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

/**
 * A database name in GRANT, where `_` and `%` are wildcards unless escaped: without the
 * escape, a grant on `my_app` would also cover `myXapp`.
 */
export const quoteGrantDatabase = (name: string): string => quoteIdentifier(name.replace(/[_%]/g, (c) => `\\${c}`));
