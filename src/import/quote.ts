/**
 * The one way a value from a source file gets into the generated TypeScript. Strings are
 * written by `JSON.stringify`, which escapes quotes, backslashes, control characters and
 * lone surrogates, so any name or value, however hostile, reads back exactly.
 * @module
 */

/** A value the writer can put in the model: JSON data without null. */
export type Literal = string | number | boolean | readonly Literal[] | { readonly [key: string]: Literal | undefined };

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string, number or boolean as TypeScript source. */
export const scalar = (value: string | number | boolean): string => {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`cannot write the number ${value}`);
  return JSON.stringify(value);
};

/**
 * An object key: bare when it is an identifier, quoted otherwise. `__proto__` is written
 * computed, the one form in which a literal makes it an own property, not the prototype.
 */
export const propertyKey = (key: string): string => (key === '__proto__' ? `[${scalar(key)}]` : IDENTIFIER.test(key) ? key : scalar(key));

/** `.key` or `["key"]` after an expression, as the key allows. */
export const member = (key: string): string => (IDENTIFIER.test(key) ? `.${key}` : `[${scalar(key)}]`);

/** `?.key` or `?.["key"]` after an expression that may be undefined. */
export const optionalMember = (key: string): string => `?.${IDENTIFIER.test(key) ? key : `[${scalar(key)}]`}`;

/**
 * Any literal, on one line when it fits in `width` characters, else one element or
 * property a line, indented by `indent` and two spaces per level.
 */
export const literal = (value: Literal, indent = '', width = 100): string => {
  if (typeof value !== 'object') return scalar(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = (value as readonly Literal[]).map((v) => literal(v, inner, width));
    const flat = `[${items.join(', ')}]`;
    return flat.length + indent.length <= width && !flat.includes('\n') ? flat : `[\n${items.map((i) => `${inner}${i},\n`).join('')}${indent}]`;
  }
  const entries = Object.entries(value).filter((e): e is [string, Literal] => e[1] !== undefined);
  if (entries.length === 0) return '{}';
  const items = entries.map(([k, v]) => `${propertyKey(k)}: ${literal(v, inner, width)}`);
  const flat = `{ ${items.join(', ')} }`;
  return flat.length + indent.length <= width && !flat.includes('\n') ? flat : `{\n${items.map((i) => `${inner}${i},\n`).join('')}${indent}}`;
};

// Every character that ends a line in JavaScript, where a `//` comment would stop.
const LINE_END = /\r\n|[\n\r\u2028\u2029]/;

/**
 * Text as `//` comment lines. Line breaks inside the text start new comment lines, so no
 * source value can end the comment and become code.
 */
export const comment = (text: string, indent = ''): string =>
  text.split(LINE_END).map((line) => `${indent}//${line === '' ? '' : ` ${line}`}\n`).join('');
