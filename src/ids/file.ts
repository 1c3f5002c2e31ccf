/**
 * The ids file: the ids handed out so far and, per pool, where the search for the next
 * free id resumes. It is the state that keeps ids stable across runs.
 * @module
 */
import { z } from 'zod';
import { inputErrorFrom, quote, rejectReservedKeys, type DescribePath } from './issues.js';
import { sortedRecord } from './records.js';

/** The contents of an ids file, in the format of nix-processmgmt's `ids.nix` as JSON. */
export interface IdsFile {
  /** Pool name → instance name → id. Assignable to the model's `params.ids`. */
  readonly ids: { readonly [pool: string]: { readonly [instance: string]: number } };
  /** Pool name → the id handed out last, where the next search starts after. */
  readonly lastAssignments: { readonly [pool: string]: number };
}

/** The state before any id was assigned. */
export const EMPTY_IDS_FILE: IdsFile = Object.freeze({ ids: Object.freeze({}), lastAssignments: Object.freeze({}) });

const FILE = 'ids file';

const id = z
  .int({ error: 'must be an integer' })
  .min(0, { error: 'must not be negative' });

const idsFileSchema = z.strictObject(
  {
    ids: z.record(z.string(), z.record(z.string(), id, { error: 'must be an object' }), {
      error: 'must be an object',
    }).optional(),
    lastAssignments: z.record(z.string(), id, { error: 'must be an object' }).optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'must be an object') },
);

const describe: DescribePath = (path) => {
  const [section, pool, instance] = path;
  if (section === undefined) return 'the file';
  if (pool === undefined) return `${quote(section)}`;
  if (section === 'lastAssignments') return `the last assignment of pool ${quote(pool)}`;
  if (instance === undefined) return `the ids of pool ${quote(pool)}`;
  return `the id of instance ${quote(instance)} in pool ${quote(pool)}`;
};

/**
 * Validates an ids file (parsed JSON). `undefined` stands for a file that does not exist
 * yet and gives the empty state, so a first run needs no special case in the caller.
 * Missing sections are tolerated for the same reason. Ids that no longer fit the pools
 * are not an error here: `assignIds` prunes them and says why.
 * @throws {InputError} naming the offending pool and instance.
 */
export const parseIdsFile = (json: unknown): IdsFile => {
  if (json === undefined) return EMPTY_IDS_FILE;
  rejectReservedKeys(FILE, json, describe, 3);
  const parsed = idsFileSchema.safeParse(json);
  if (!parsed.success) throw inputErrorFrom(FILE, parsed.error, describe);
  return { ids: parsed.data.ids ?? {}, lastAssignments: parsed.data.lastAssignments ?? {} };
};

const sortKeysDeep = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return sortedRecord(Object.entries(value).map(([key, child]) => [key, sortKeysDeep(child)] as const));
};

/**
 * Writes an ids file: every key sorted, 2-space indent, trailing newline. The same ids
 * always give the same bytes, so the file diffs cleanly under version control and a
 * rerun that changes nothing leaves it untouched.
 */
export const serializeIdsFile = (file: IdsFile): string =>
  `${JSON.stringify(sortKeysDeep({ ids: file.ids, lastAssignments: file.lastAssignments }), null, 2)}\n`;
