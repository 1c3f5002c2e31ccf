/**
 * Quoting for execline command lines (s6-rc's `up` and `down` files, s6-notifyoncheck's
 * `-c`): every value becomes one word standing for exactly itself. Safe words stay bare;
 * anything else is written in double quotes, where execlineb reads `\\`, `\"` and the C
 * escapes. `{`, `}` and `#` are literal inside quotes; `$` is written `\$`, because
 * execlineb substitutes some `${NAME}` forms (PATH) even in quoted words.
 * @module
 */
import { InputError } from '../../errors.js';

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', $: '\\$', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/** One execline word for exactly `value`. Throws on NUL, which no argv can hold. */
export const quoteExecline = (value: string): string => {
  if (value.includes('\0')) throw new InputError('a value contains a NUL character, which a command line cannot carry');
  if (value !== '' && SAFE.test(value)) return value;
  // Other control characters as \0xHH, so the file stays one printable line.
  // eslint-disable-next-line no-control-regex
  return `"${value.replace(/[\\"$\n\t\r]|[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]/g, (c) => ESCAPES[c] ?? `\\0x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}"`;
};

/** An execline command line that runs exactly `argv`. */
export const quoteExeclineArgv = (argv: readonly string[]): string => argv.map(quoteExecline).join(' ');
