/**
 * `assignIds`: hands out unique ids from the pools of the id-resources file to the
 * instances that require them, keeping every id that is still valid.
 * @module
 */
import { PoolExhaustedError } from '../errors.js';
import type { AssignedChange, IdChange, KeptChange } from './change.js';
import { EMPTY_IDS_FILE, type IdsFile } from './file.js';
import { firstCandidate, nextCandidate, poolCapacity, type IdPool } from './pool.js';
import { pruneIds } from './prune.js';
import { compareNames, ownValue, sortedNames, sortedRecord } from './records.js';
import { resolveRequirements, type IdRequirements } from './requirements.js';
import type { IdResources } from './resources.js';

/** The input of one assignment run. */
export interface AssignIdsInput {
  /** The pools, from `parseIdResources`. */
  readonly resources: IdResources;
  /** The ids file of the previous run, from `parseIdsFile`; absent on the first run. */
  readonly previous?: IdsFile | undefined;
  /** Every instance of the model with the pools it requires, e.g. from `idRequirementsOf`. */
  readonly instances: IdRequirements;
}

/** The outcome of one assignment run. */
export interface AssignIdsResult {
  /** The new ids file; write it with `serializeIdsFile`. */
  readonly ids: IdsFile;
  /** Every entry kept, assigned or pruned, ordered by pool, then pruned before the rest, then instance. */
  readonly changes: readonly IdChange[];
}

interface Found {
  readonly id: number;
  readonly wrapped: boolean;
  readonly skipped: number;
}

/**
 * Finds the next free id after `last`. The attempts are bounded by `taken.size + 1`:
 * while fewer ids are taken than the pool holds, that many consecutive grid points
 * include a free one, so the bound is never what ends a successful search, and a
 * broken invariant ends in an error instead of an endless loop.
 */
const findFree = (
  name: string,
  pool: IdPool,
  last: number | undefined,
  taken: ReadonlySet<number>,
  wanted: number,
): Found => {
  let candidate = firstCandidate(pool, last);
  let wrapped = candidate.wrapped;
  for (let skipped = 0; skipped <= taken.size; skipped += 1) {
    if (!taken.has(candidate.id)) return { id: candidate.id, wrapped, skipped };
    candidate = nextCandidate(pool, candidate.id);
    wrapped ||= candidate.wrapped;
  }
  throw new PoolExhaustedError(name, poolCapacity(pool), wanted);
};

const KIND_ORDER: { readonly [kind in IdChange['kind']]: number } = {
  'pruned-counter': 0,
  pruned: 1,
  kept: 2,
  assigned: 2,
};

const instanceOf = (change: IdChange): string => (change.kind === 'pruned-counter' ? '' : change.instance);

const compareChanges = (a: IdChange, b: IdChange): number =>
  compareNames(a.pool, b.pool) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || compareNames(instanceOf(a), instanceOf(b));

/**
 * Assigns ids like nix-processmgmt's `nixproc-id-assign`, with its defects fixed:
 *
 * 1. Entries of `previous` that no longer apply are pruned (see `PruneReason`).
 * 2. Per pool, in name order, each instance that requires the pool and has no id gets
 *    the next free id after the pool's last assignment, wrapping from `max` to `min`.
 *    Instances are visited in code-unit name order, so the result does not depend on
 *    the order of the model's keys.
 * 3. The pool's last assignment becomes the last id handed out in this run.
 *
 * Freed ids are deliberately not reused until the search wraps around: an id that an
 * instance just gave up (say, a port) may still be cached by clients or in firewall
 * rules, and handing it straight to a new instance would silently redirect them.
 *
 * Pure: the same input always gives the same output, and nothing is read or written.
 * @throws {InputError} when an instance requires a pool the resources do not define.
 * @throws {PoolExhaustedError} when more instances require a pool than it holds ids.
 */
export const assignIds = ({ resources, previous = EMPTY_IDS_FILE, instances }: AssignIdsInput): AssignIdsResult => {
  const requirements = resolveRequirements(instances, resources);
  const pruned = pruneIds(previous, resources, new Set(Object.keys(instances)), requirements);
  const changes: IdChange[] = [...pruned.changes];
  const ids: [string, { readonly [instance: string]: number }][] = [];
  const lastAssignments: [string, number][] = [];

  for (const name of sortedNames(Object.keys(resources))) {
    const pool = ownValue(resources, name);
    if (pool === undefined) continue;
    const needing = sortedNames([...requirements].filter(([, pools]) => pools.has(name)).map(([instance]) => instance));
    const capacity = poolCapacity(pool);
    if (needing.length > capacity) throw new PoolExhaustedError(name, capacity, needing.length);

    const table = pruned.ids.get(name) ?? new Map<string, number>();
    const taken = new Set(table.values());
    let last = pruned.lastAssignments.get(name);
    for (const instance of needing) {
      const kept = table.get(instance);
      if (kept !== undefined) {
        changes.push({ kind: 'kept', pool: name, instance, id: kept } satisfies KeptChange);
        continue;
      }
      const found = findFree(name, pool, last, taken, needing.length);
      changes.push({ kind: 'assigned', pool: name, instance, after: last ?? null, ...found } satisfies AssignedChange);
      table.set(instance, found.id);
      taken.add(found.id);
      last = found.id;
    }
    if (table.size > 0) ids.push([name, sortedRecord(table)]);
    if (last !== undefined) lastAssignments.push([name, last]);
  }

  return {
    ids: { ids: sortedRecord(ids), lastAssignments: sortedRecord(lastAssignments) },
    changes: changes.sort(compareChanges),
  };
};
