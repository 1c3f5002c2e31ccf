/**
 * INI files as Python's `configparser.RawConfigParser` reads them, with the settings
 * supervisord uses (`UnhosedConfigParser`: inline comments after `;` or `#` preceded by
 * whitespace, duplicate sections and keys allowed, the later winning). No npm INI parser
 * follows these rules: `ini` and its kin have no continuation lines, no `key: value`, and
 * cut values at any `;`, which would change supervisord's commands. So this is a small
 * parser of exactly the documented rules, with tests.
 * @module
 */

/** One section: keys lowercased as configparser's `optionxform` does, values as written. */
export type IniSection = Map<string, string>;

/** A parse failure, with its line number. */
export class IniSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

const isComment = (line: string): boolean => /^\s*[;#]/.test(line);

// configparser strips an inline comment only where its prefix follows whitespace.
const stripInlineComment = (value: string): string => {
  for (let i = 1; i < value.length; i++) {
    if ((value[i] === ';' || value[i] === '#') && /\s/.test(value[i - 1]!)) return value.slice(0, i);
  }
  return value;
};

const indentOf = (line: string): number => line.length - line.trimStart().length;

/** Parses an INI text into sections, in file order. */
export const parseIni = (text: string): Map<string, IniSection> => {
  const sections = new Map<string, IniSection>();
  let section: IniSection | undefined;
  let key: string | undefined;
  let keyIndent = 0;
  let value: string[] = [];
  const flush = (): void => {
    if (section && key !== undefined) {
      // Blank lines inside a value are kept, trailing ones are not.
      while (value.length > 1 && value.at(-1) === '') value.pop();
      section.set(key, value.join('\n'));
    }
    key = undefined;
    value = [];
  };
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((raw, index) => {
    const number = index + 1;
    if (isComment(raw)) return;
    const line = stripInlineComment(raw).trimEnd();
    if (line.trim() === '') {
      if (key !== undefined) value.push('');
      return;
    }
    if (key !== undefined && indentOf(line) > keyIndent) {
      value.push(line.trim());
      return;
    }
    flush();
    const header = /^\[(.+)\]/.exec(line);
    if (header) {
      const name = header[1]!;
      section = sections.get(name) ?? new Map();
      sections.set(name, section);
      return;
    }
    if (!section) throw new IniSyntaxError(number, 'a setting before the first [section] header');
    const at = [line.indexOf('='), line.indexOf(':')].filter((i) => i > 0).sort((a, b) => a - b)[0];
    if (at === undefined) throw new IniSyntaxError(number, `not a "key = value" line: ${JSON.stringify(raw)}`);
    key = line.slice(0, at).trim().toLowerCase();
    keyIndent = indentOf(line);
    value = [line.slice(at + 1).trim()];
  });
  flush();
  return sections;
};
