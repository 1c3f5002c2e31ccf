/**
 * Turns zod validation failures of the id files into one `InputError` whose message
 * names the pool, instance and field at fault. Internal to `src/ids`.
 * @module
 */
import type { z } from 'zod';
import { InputError } from '../errors.js';

/** Describes where in a file an issue is, from the issue's path, e.g. `pool "uids", field "min"`. */
export type DescribePath = (path: readonly PropertyKey[]) => string;

/** Quotes a name for a message; JSON quoting keeps odd names (spaces, quotes) readable. */
export const quote = (name: PropertyKey): string => JSON.stringify(String(name));

const issueText = (issue: z.core.$ZodIssue, describe: DescribePath): string => {
  const where = describe(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map(quote).join(', ');
    return `${where} has unknown field${issue.keys.length === 1 ? '' : 's'} ${keys}`;
  }
  return `${where} ${issue.message}`;
};

/** Every issue in one message, so a user fixes the whole file in one go. */
export const inputErrorFrom = (
  file: string,
  error: z.ZodError,
  describe: DescribePath,
  hint?: string,
): InputError => {
  const texts = error.issues.map((issue) => issueText(issue, describe));
  return new InputError(`invalid ${file}: ${texts.join('; ')}`, hint);
};

/**
 * zod silently strips `__proto__` keys (to avoid prototype pollution), which would make a
 * pool or an instance of that name vanish without a word; report it instead.
 */
export const rejectReservedKeys = (
  file: string,
  value: unknown,
  describe: DescribePath,
  depth: number,
  path: readonly PropertyKey[] = [],
): void => {
  if (depth <= 0 || typeof value !== 'object' || value === null || Array.isArray(value)) return;
  if (Object.hasOwn(value, '__proto__')) {
    throw new InputError(`invalid ${file}: ${describe([...path, '__proto__'])} uses the reserved name "__proto__"`);
  }
  for (const [key, child] of Object.entries(value)) {
    rejectReservedKeys(file, child, describe, depth - 1, [...path, key]);
  }
};
