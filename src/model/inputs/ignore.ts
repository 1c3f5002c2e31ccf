/**
 * Ignore patterns of a declared directory: a pattern without "/" matches an entry's name
 * at any depth; one with "/" matches the entry's path relative to the input (a leading
 * "/" is allowed). `*` matches any characters but "/", `?` one character. An ignored
 * directory is left out with everything below it.
 * @module
 */

const toRegExp = (pattern: string): RegExp => {
  const body = pattern.replace(/^\/+|\/+$/g, '').split('').map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`);
};

/** A predicate telling whether an entry (its path relative to the input) is ignored. */
export const ignoreMatcher = (patterns: readonly string[]): ((relative: string) => boolean) => {
  const byName = patterns.filter((p) => !p.includes('/')).map(toRegExp);
  const byPath = patterns.filter((p) => p.includes('/')).map(toRegExp);
  if (byName.length + byPath.length === 0) return () => false;
  return (relative) => {
    const name = relative.slice(relative.lastIndexOf('/') + 1);
    return byName.some((r) => r.test(name)) || byPath.some((r) => r.test(relative));
  };
};
