/**
 * Canonical JSON: keys sorted at every level, two-space indent, trailing newline, so the
 * same data always gives the same bytes and the same store hash.
 * @module
 */

const sortDeep = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined && typeof v !== 'function') out[key] = sortDeep(v);
    }
    return out;
  }
  return value;
};

/** Serializes `value` canonically; undefined and function members are left out. */
export const canonicalJson = (value: unknown): string => `${JSON.stringify(sortDeep(value), null, 2)}\n`;
