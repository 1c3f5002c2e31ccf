/**
 * The secrets file a switch writes for a process: `NAME="value"` lines that a POSIX shell
 * (`.`), systemd (`EnvironmentFile=`) and procform's supervisor read alike. Inside double
 * quotes both the shell and systemd take `\"`, `\\`, `\$` and `` \` `` as the character
 * itself and everything else, newlines included, literally, so escaping those four is all
 * it takes.
 * @module
 */
import { InputError } from '../errors.js';

const ESCAPED = /["\\$`]/g;
const LINE = /^([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\["\\$`])*)"\n/;

/** The file for `values` (sorted by name); throws on a NUL, which no environment can hold. */
export const renderEnvFile = (values: Readonly<Record<string, string>>): string =>
  Object.keys(values).sort().map((name) => {
    const value = values[name]!;
    if (value.includes('\0')) throw new InputError(`the value of ${name} contains a NUL character, which an environment cannot carry`);
    return `${name}="${value.replace(ESCAPED, (c) => `\\${c}`)}"\n`;
  }).join('');

/** Reads back what `renderEnvFile` wrote; throws an `Error` at the first line it did not write. */
export const parseEnvFile = (text: string): Record<string, string> => {
  const values: Record<string, string> = {};
  let rest = text;
  while (rest !== '') {
    const match = LINE.exec(rest);
    if (match === null) throw new Error(`not a procform secrets file (at ${JSON.stringify(rest.slice(0, 20))}…)`);
    values[match[1]!] = match[2]!.replace(/\\(["\\$`])/g, '$1');
    rest = rest.slice(match[0].length);
  }
  return values;
};
