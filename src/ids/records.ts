/**
 * Helpers for the plain-object tables of the id files. Internal to `src/ids`.
 * @module
 */

/**
 * Orders names by UTF-16 code units, like `Array.prototype.sort` without a comparator.
 * `localeCompare` is deliberately avoided: its order depends on the ICU data of the Node
 * build and the locale, and the order decides which instance gets which id.
 */
export const compareNames = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The names in code-unit order, as a new array. */
export const sortedNames = (names: Iterable<string>): string[] => [...names].sort(compareNames);

/**
 * Reads an own property only. A pool or instance called `constructor` or `toString`
 * must not find `Object.prototype`'s members.
 */
export const ownValue = <T>(record: { readonly [key: string]: T }, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/**
 * Builds a table with its keys in code-unit order. `Object.fromEntries` defines
 * properties rather than assigning them, so no key can reach the prototype.
 */
export const sortedRecord = <T>(entries: Iterable<readonly [string, T]>): { [key: string]: T } =>
  Object.fromEntries([...entries].sort(([a], [b]) => compareNames(a, b)));
