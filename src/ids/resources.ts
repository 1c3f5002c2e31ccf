/**
 * The id-resources file: which id pools exist and what ids each one holds.
 * @module
 */
import { z } from 'zod';
import { inputErrorFrom, quote, rejectReservedKeys, type DescribePath } from './issues.js';
import type { IdPool } from './pool.js';

/** Pool name → pool, as parsed from an id-resources file. */
export type IdResources = { readonly [pool: string]: IdPool };

const FILE = 'id-resources file';
const HINT =
  'each pool is { "min": integer, "max": integer, "step"?: integer >= 1, "scope"?: "global" | "machine" }, ' +
  'e.g. { "uids": { "min": 2000, "max": 3000 } }';

// Ids are uids, gids and ports: never negative. Safe integers keep the arithmetic exact.
const id = z
  .int({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be an integer') })
  .min(0, { error: 'must not be negative' });

const poolSchema = z
  .strictObject(
    {
      min: id,
      max: id,
      step: z
        .int({ error: 'must be an integer' })
        .min(1, { error: 'must be at least 1' })
        .optional(),
      scope: z.enum(['global', 'machine'], { error: 'must be "global" or "machine"' }).optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'must be an object') },
  )
  .check((ctx) => {
    if (ctx.value.min > ctx.value.max) {
      ctx.issues.push({
        code: 'custom',
        path: ['max'],
        input: ctx.value,
        message: `(${ctx.value.max}) must not be below min (${ctx.value.min})`,
      });
    }
  });

const resourcesSchema = z.record(z.string(), poolSchema, {
  error: 'must be an object mapping pool names to pools',
});

const describe: DescribePath = (path) => {
  const [pool, field] = path;
  if (pool === undefined) return 'the file';
  if (field === undefined) return `pool ${quote(pool)}`;
  return `pool ${quote(pool)}, field ${quote(field)}`;
};

/**
 * Validates an id-resources file (parsed JSON) and applies the defaults `step: 1` and
 * `scope: "global"`. Strict, because a typo such as `"stpe"` would otherwise silently
 * give a pool a different shape than intended.
 * @throws {InputError} naming each offending pool and field.
 */
export const parseIdResources = (json: unknown): IdResources => {
  rejectReservedKeys(FILE, json, describe, 1);
  const parsed = resourcesSchema.safeParse(json);
  if (!parsed.success) throw inputErrorFrom(FILE, parsed.error, describe, HINT);
  const pools = Object.entries(parsed.data).map(
    ([name, pool]): [string, IdPool] => [
      name,
      Object.freeze({ min: pool.min, max: pool.max, step: pool.step ?? 1, scope: pool.scope ?? 'global' }),
    ],
  );
  return Object.freeze(Object.fromEntries(pools));
};
