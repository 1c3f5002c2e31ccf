/**
 * supervisord's value syntax: `%(name)s` expansions (`supervisor/options.py`, `expand`)
 * and the `KEY=value,KEY2="a, b"` list of its `environment` setting
 * (`supervisor/datatypes.py`, `dict_of_key_value_pairs`), which it reads with Python's
 * `shlex` in its non-POSIX mode: quotes stay in the word and are stripped afterwards.
 * @module
 */

/** A `%(name)s` reference to an undefined name, as supervisord reports it. */
export class ExpansionError extends Error {}

/**
 * Expands Python %-style references: `%(name)s`, `%(name)d` with an optional zero-padded
 * width (`%(process_num)02d`), and `%%`.
 */
export const expand = (text: string, values: Readonly<Record<string, string | number>>): string =>
  text.replace(/%(?:%|\((?<name>[^)]*)\)(?<flags>0?)(?<width>\d*)(?<kind>[sd]))/g, (whole, ...rest) => {
    if (whole === '%%') return '%';
    const { name, flags, width, kind } = rest.at(-1) as Record<string, string>;
    const value = values[name!];
    if (value === undefined) throw new ExpansionError(`%(${name})${kind} names nothing supervisord defines here`);
    const text = kind === 'd' ? String(Math.trunc(Number(value))) : String(value);
    return width ? text.padStart(Number(width), flags === '0' ? '0' : ' ') : text;
  });

const WORDCHARS = new Set('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_/.+-():');
const WHITESPACE = new Set(' \t\r\n');

/** Python's `shlex.shlex(text)` tokens (non-POSIX, `#` comments), with supervisord's extra word characters. */
export const nonPosixTokens = (text: string): string[] => {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (WHITESPACE.has(c)) {
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new SyntaxError('No closing quotation');
      tokens.push(text.slice(i, end + 1));
      i = end + 1;
    } else if (WORDCHARS.has(c)) {
      let j = i;
      // Inside a word, quotes are word characters in non-POSIX mode.
      while (j < text.length && (WORDCHARS.has(text[j]!) || text[j] === '"' || text[j] === "'")) j++;
      tokens.push(text.slice(i, j));
      i = j;
    } else {
      tokens.push(c);
      i++;
    }
  }
  return tokens;
};

/** supervisord's `environment` value as ordered pairs; throws `SyntaxError` where supervisord would refuse it. */
export const keyValuePairs = (text: string): [string, string][] => {
  const tokens = nonPosixTokens(text);
  const pairs: [string, string][] = [];
  for (let i = 0; i < tokens.length; i += 4) {
    const [key, eq, value] = tokens.slice(i, i + 3);
    if (key === undefined || eq !== '=' || value === undefined) throw new SyntaxError(`Unexpected end of key/value pairs in value '${text}'`);
    pairs.push([key, value.replace(/^['"]+|['"]+$/g, '')]);
  }
  return pairs;
};
