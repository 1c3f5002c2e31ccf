/**
 * systemd unit files (`systemd.syntax(7)`). npm has no maintained parser of them, so this
 * is a small one of exactly the documented rules: `[Section]` headers, `Key=Value` with
 * blanks around `=` ignored, `#` and `;` comment lines, a trailing backslash continuing a
 * line (comment lines inside a continuation skipped), and repeated keys kept in order
 * (an empty assignment resets a list, which `values` applies).
 * @module
 */

/** One assignment, in file order. */
export interface UnitEntry {
  readonly section: string;
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

/** A syntax error, with its line number. */
export class UnitSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

/** Every assignment of a unit file, in order. */
export const parseUnitFile = (text: string): UnitEntry[] => {
  const entries: UnitEntry[] = [];
  const lines = text.split(/\r?\n/);
  let section: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let line = lines[i]!.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) {
      const next = lines[++i]!.trim();
      if (next.startsWith('#') || next.startsWith(';')) {
        line = `${line.slice(0, -1)}\\`;
        continue;
      }
      line = `${line.slice(0, -1)} ${next}`;
    }
    if (line.endsWith('\\')) line = line.slice(0, -1);
    if (line.startsWith('[')) {
      if (!line.endsWith(']')) throw new UnitSyntaxError(start, `invalid section header ${JSON.stringify(line)}`);
      section = line.slice(1, -1);
      continue;
    }
    const at = line.indexOf('=');
    if (at <= 0) throw new UnitSyntaxError(start, `not a "Key=Value" line: ${JSON.stringify(line)}`);
    if (section === undefined) throw new UnitSyntaxError(start, 'an assignment before the first [Section] header');
    entries.push({ section, key: line.slice(0, at).trim(), value: line.slice(at + 1).trim(), line: start });
  }
  return entries;
};

/** The values of a list setting, after the resets an empty assignment makes. */
export const values = (entries: readonly UnitEntry[], section: string, key: string): string[] =>
  entries.filter((e) => e.section === section && e.key === key).reduce<string[]>((all, e) => (e.value === '' ? [] : [...all, e.value]), []);

/** The last value of a single-value setting. */
export const value = (entries: readonly UnitEntry[], section: string, key: string): string | undefined =>
  entries.filter((e) => e.section === section && e.key === key).at(-1)?.value;

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', s: ' ', '\\': '\\', '"': '"', "'": "'" };

/** Reads one C-style escape at `text[i]` (just after the backslash); returns the text and the next index. */
const unescape = (text: string, i: number): [string, number] => {
  const c = text[i];
  if (c === undefined) throw new SyntaxError('a backslash at the end');
  if (ESCAPES[c] !== undefined) return [ESCAPES[c]!, i + 1];
  const forms: [string, RegExp, number][] = [['x', /^[0-9a-fA-F]{2}/, 16], ['u', /^[0-9a-fA-F]{4}/, 16], ['U', /^[0-9a-fA-F]{8}/, 16]];
  for (const [prefix, digits, base] of forms) {
    if (c === prefix) {
      const m = digits.exec(text.slice(i + 1));
      if (!m) throw new SyntaxError(`invalid \\${prefix} escape`);
      return [String.fromCodePoint(Number.parseInt(m[0], base)), i + 1 + m[0].length];
    }
  }
  const octal = /^[0-7]{3}/.exec(text.slice(i));
  if (octal) return [String.fromCharCode(Number.parseInt(octal[0], 8)), i + 3];
  throw new SyntaxError(`invalid escape \\${c}`);
};

/** A word of a systemd value, with whether any part of it was quoted (so `$VAR` stays one word). */
export interface UnitWord {
  readonly text: string;
  readonly quoted: boolean;
}

/**
 * Splits a value into words as systemd unquotes command lines and `Environment=`: blanks
 * separate words, `"…"` and `'…'` group, C escapes apply everywhere.
 */
export const unitWords = (text: string): UnitWord[] => {
  const words: UnitWord[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    let word = '';
    let quoted = false;
    while (i < text.length && !/\s/.test(text[i]!)) {
      const c = text[i]!;
      if (c === '"' || c === "'") {
        quoted = true;
        i++;
        while (i < text.length && text[i] !== c) {
          if (text[i] === '\\') {
            const [s, next] = unescape(text, i + 1);
            word += s;
            i = next;
          } else word += text[i++];
        }
        if (i >= text.length) throw new SyntaxError('an unclosed quote');
        i++;
      } else if (c === '\\') {
        const [s, next] = unescape(text, i + 1);
        word += s;
        i = next;
      } else {
        word += c;
        i++;
      }
    }
    words.push({ text: word, quoted });
  }
  return words;
};
