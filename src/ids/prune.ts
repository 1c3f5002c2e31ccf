/**
 * Pruning: dropping the entries of the previous ids file that no longer apply, before
 * new ids are handed out. Internal to `src/ids`; `assignIds` reports what it pruned.
 * @module
 */
import type { PrunedChange, PrunedCounterChange, PruneReason } from './change.js';
import type { IdsFile } from './file.js';
import { poolMisfit } from './pool.js';
import { ownValue, sortedNames } from './records.js';
import type { ResolvedRequirements } from './requirements.js';
import type { IdResources } from './resources.js';

/** What survives pruning, as mutable maps the assignment step continues to fill. */
export interface PrunedIds {
  /** Pool → instance → id; only pools that the resources define. */
  readonly ids: Map<string, Map<string, number>>;
  /** Pool → last assignment; only pools that the resources define. */
  readonly lastAssignments: Map<string, number>;
  /** What was dropped, in pool then instance order. */
  readonly changes: (PrunedChange | PrunedCounterChange)[];
}

const pruneReason = (
  resources: IdResources,
  instances: ReadonlySet<string>,
  requirements: ResolvedRequirements,
  pool: string,
  instance: string,
  id: number,
): PruneReason | undefined => {
  const spec = ownValue(resources, pool);
  if (spec === undefined) return 'pool-removed';
  if (!instances.has(instance)) return 'instance-removed';
  if (requirements.get(instance)?.has(pool) !== true) return 'pool-not-required';
  return poolMisfit(spec, id);
};

/**
 * Drops every previous entry whose instance is gone, no longer requires the pool, whose
 * pool is gone, or whose id no longer fits the pool's range or step grid. Of two
 * instances holding the same id, the first in name order keeps it: the file may have
 * been edited by hand, and a shared port or uid must not survive.
 * @param instances every instance of the model, including those that need no ids.
 */
export const pruneIds = (
  previous: IdsFile,
  resources: IdResources,
  instances: ReadonlySet<string>,
  requirements: ResolvedRequirements,
): PrunedIds => {
  const ids = new Map<string, Map<string, number>>();
  const lastAssignments = new Map<string, number>();
  const changes: (PrunedChange | PrunedCounterChange)[] = [];

  for (const pool of sortedNames(Object.keys(previous.ids))) {
    const table = ownValue(previous.ids, pool) ?? {};
    const kept = new Map<string, number>();
    const holders = new Map<number, string>(); // id → the instance keeping it
    for (const instance of sortedNames(Object.keys(table))) {
      const id = ownValue(table, instance);
      if (id === undefined) continue;
      const reason = pruneReason(resources, instances, requirements, pool, instance, id);
      const holder = holders.get(id);
      if (reason !== undefined) {
        changes.push({ kind: 'pruned', pool, instance, id, reason });
      } else if (holder !== undefined) {
        changes.push({ kind: 'pruned', pool, instance, id, reason: 'duplicate', heldBy: holder });
      } else {
        kept.set(instance, id);
        holders.set(id, instance);
      }
    }
    if (kept.size > 0) ids.set(pool, kept);
  }

  for (const pool of sortedNames(Object.keys(previous.lastAssignments))) {
    const last = ownValue(previous.lastAssignments, pool);
    if (last === undefined) continue;
    if (ownValue(resources, pool) === undefined) {
      changes.push({ kind: 'pruned-counter', pool, lastAssignment: last });
    } else {
      // Kept even when out of range after a pool change: the search rounds it onto the
      // grid and wraps, so it still marks where the counter stands.
      lastAssignments.set(pool, last);
    }
  }

  return { ids, lastAssignments, changes };
};
