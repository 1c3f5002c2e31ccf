/**
 * JavaScript regular expressions as POSIX extended ones (`grep -E`, in a UTF-8 locale), for
 * generated scripts that must match lines the way procform's own log readiness does. Only
 * what both dialects read alike is translated; anything else (lookaround, back-references,
 * lazy quantifiers, escapes inside character classes, …) gives null, and the caller keeps
 * matching in procform instead.
 * @module
 */

/** A pattern `grep -E` reads as JavaScript reads the original. */
export interface ExtendedRegex {
  /** The ERE, to be passed as one quoted argument after `-e`. */
  readonly pattern: string;
  /** The `i` flag: `grep -i`. */
  readonly ignoreCase: boolean;
}

// Escapes of a character that stands for itself in both dialects, and how ERE writes it.
const LITERAL_ESCAPES: Readonly<Record<string, string>> = {
  '.': '\\.', '[': '\\[', '(': '\\(', ')': '\\)', '*': '\\*', '+': '\\+', '?': '\\?', '^': '\\^', $: '\\$',
  '|': '\\|', '\\': '\\\\', '{': '\\{', '}': '\\}', ']': ']', '/': '/', '-': '-',
};
// Class escapes, as ERE brackets: ASCII ranges, as JavaScript's \d and \w are without the u and i flags' subtleties.
const CLASS_ESCAPES: Readonly<Record<string, string>> = {
  d: '[0-9]', D: '[^0-9]', w: '[A-Za-z0-9_]', W: '[^A-Za-z0-9_]', s: '[[:space:]]', S: '[^[:space:]]',
};
// Flags that change nothing for a match against one line at a time; `v` changes class syntax.
const HARMLESS_FLAGS = new Set(['g', 'm', 's', 'u', 'y', 'd']);

/** A character class `[...]` starting at `i`: its ERE text and the index after it, or null. */
const classAt = (source: string, i: number): { text: string; next: number } | null => {
  let j = i + 1;
  if (source[j] === '^') j += 1;
  // JavaScript's [] and [^] are empty or any; in ERE a leading ] is a member.
  if (source[j] === ']') return null;
  for (; j < source.length; j += 1) {
    const c = source[j]!;
    // Backslashes are literal inside ERE brackets, and [: [. [= open classes of their own.
    if (c === '\\' || c === '[') return null;
    if (c === ']') return { text: source.slice(i, j + 1), next: j + 1 };
  }
  return null;
};

/** The ERE of a JavaScript pattern `source` with `flags`, or null when they might disagree. */
export const extendedRegexOf = (source: string, flags: string): ExtendedRegex | null => {
  let ignoreCase = false;
  for (const flag of flags) {
    if (flag === 'i') ignoreCase = true;
    else if (!HARMLESS_FLAGS.has(flag)) return null;
  }
  let out = '';
  for (let i = 0; i < source.length;) {
    const c = source[i]!;
    const after = source[i + 1];
    if (c === '\\') {
      if (after === undefined) return null;
      const literal = LITERAL_ESCAPES[after] ?? CLASS_ESCAPES[after];
      if (literal === undefined) return null;
      out += literal;
      i += 2;
    } else if (c === '[') {
      const found = classAt(source, i);
      if (found === null) return null;
      out += found.text;
      i = found.next;
    } else if (c === '(') {
      // (?:…), (?=…), (?<name>…): JavaScript only.
      if (after === '?') return null;
      out += c;
      i += 1;
    } else if (c === '*' || c === '+' || c === '?') {
      // A lazy quantifier, or a quantifier of a quantifier.
      if (after === '?' || after === '*' || after === '+') return null;
      out += c;
      i += 1;
    } else if (c === '{') {
      const quantifier = /^\{\d+(,\d*)?\}/.exec(source.slice(i));
      if (quantifier === null) {
        out += '\\{';
        i += 1;
      } else {
        if (source[i + quantifier[0].length] === '?') return null;
        out += quantifier[0];
        i += quantifier[0].length;
      }
    } else if (c === '}') {
      out += '\\}';
      i += 1;
    } else if (c === '\n' || c === '\r' || c === '\0') {
      return null;
    } else {
      out += c;
      i += 1;
    }
  }
  // An empty ERE is unspecified; JavaScript's empty pattern matches every line.
  return { pattern: out === '' ? '^' : out, ignoreCase };
};
