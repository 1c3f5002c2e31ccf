/**
 * Applying a backend override to a generated record: objects merge recursively (arrays and
 * scalars replace), a function receives the record and returns the replacement.
 * @module
 */

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Deep-merges `patch` into `base` without mutating either; `null` in a patch removes nothing. */
export const deepMerge = <T>(base: T, patch: unknown): T => {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key], value) : value;
  }
  return out as T;
};

/** Applies an override (object or function) to a record; undefined leaves it unchanged. */
export const applyOverride = <T>(record: T, override: unknown): T => {
  if (override === undefined) return record;
  if (typeof override === 'function') return (override as (r: T) => T)(record);
  return deepMerge(record, override);
};
