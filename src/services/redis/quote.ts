/**
 * Quoting for redis.conf, whose lines Redis splits like its own protocol's inline
 * commands: in a double-quoted argument `\\`, `\"`, `\n`, `\r`, `\t`, `\b`, `\a` and `\xHH`
 * are escapes, so every value can be written. Other control characters are written as
 * `\xHH`, which keeps a generated file a plain line-per-directive text.
 * @module
 */

const NAMED: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escape = (c: string): string => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** One redis.conf argument that stands for exactly `value`. */
export const quoteRedis = (value: string): string => `"${value.replace(/[\\"\x00-\x1f\x7f]/g, escape)}"`;
