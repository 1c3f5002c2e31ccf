/**
 * Quoting for nginx.conf. A double-quoted nginx string ends only at an unescaped `"`, so
 * `;`, `{}`, `#` and spaces are plain text inside it; `\"`, `\\`, `\n`, `\r` and `\t` are
 * its escapes. Quoting cannot stop `$name` from being read as a variable in directives
 * that expand variables (`root`, `index`, `access_log`, `proxy_pass`…), so such values are
 * refused there instead.
 * @module
 */

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Why `value` cannot be written into nginx.conf, or undefined when it can.
 * @param variables whether the directive expands `$name` variables
 */
export const nginxValueProblem = (value: string, variables: boolean): string | undefined => {
  if (value.includes('\0')) return 'contains a NUL character';
  if (variables && value.includes('$')) return 'contains "$", which nginx reads as a variable here';
  return undefined;
};

/** One nginx token that stands for exactly `value`. Throws on NUL, which no token can hold. */
export const quoteNginx = (value: string): string => {
  if (value.includes('\0')) throw new RangeError('an nginx value cannot contain NUL');
  return `"${value.replace(/[\\"\n\r\t]/g, (c) => ESCAPES[c]!)}"`;
};
