/**
 * `${VAR}` interpolation in compose and process-compose files, done by both tools when
 * they load the file, from their environment and the project's `.env`. The importer does
 * the same with its own environment, and names every variable it used in a note, since
 * the model then holds the value it had at import time.
 * @module
 */

/** Looks a variable up; undefined when it is unset. */
export type Lookup = (name: string) => string | undefined;

/**
 * Expands `$$`, `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?message}`
 * and `${NAME?message}` in `text`; records each name looked up in `used`.
 */
export const interpolate = (text: string, lookup: Lookup, used: Set<string>): string =>
  text.replace(/\$(\$|[A-Za-z_][A-Za-z0-9_]*|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\})/g, (whole, token: string, braced?: string, operator?: string, word?: string) => {
    if (token === '$') return '$';
    const name = braced ?? token;
    used.add(name);
    const value = lookup(name);
    const unset = value === undefined || (operator?.startsWith(':') === true && value === '');
    if (operator?.endsWith('-') && unset) return word ?? '';
    if (operator?.endsWith('?') && unset) throw new SyntaxError(`${name}: ${word || 'required variable is not set'}`);
    return value ?? '';
  });

/** Interpolates every string in a parsed YAML tree (values only, as both tools do). */
export const interpolateTree = (value: unknown, lookup: Lookup, used: Set<string>): unknown => {
  if (typeof value === 'string') return interpolate(value, lookup, used);
  if (Array.isArray(value)) return value.map((v) => interpolateTree(v, lookup, used));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateTree(v, lookup, used)]));
  return value;
};
