/**
 * Quoting for Apache httpd's configuration. In a double-quoted argument `\"` and `\\` are
 * the escapes, so `;`, `{}`, `#`, `<>` and spaces are plain text inside it. `${NAME}` is
 * replaced by a defined variable before a line is split into arguments, and a line break
 * ends the directive, so values with either are refused rather than quoted.
 * @module
 */

/** Why `value` cannot be an argument in Apache's configuration, or undefined when it can. */
export const apacheValueProblem = (value: string): string | undefined => {
  if (/[\0\n\r]/.test(value)) return 'contains a NUL or a line break';
  if (value.includes('${')) return 'contains "${", which Apache replaces by a variable';
  return undefined;
};

/** One Apache argument that stands for exactly `value`; throws for a value it cannot write. */
export const quoteApache = (value: string): string => {
  const problem = apacheValueProblem(value);
  if (problem !== undefined) throw new RangeError(`an Apache value ${problem}`);
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
};
