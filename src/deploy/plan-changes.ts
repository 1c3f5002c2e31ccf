/**
 * What changed in each process a plan restarts because its entry changed, for
 * `switch --dry-run`: the old and the new entry compared with `diffEntries`.
 * @module
 */
import type { FileSet } from '../store/file-set.js';
import { diffEntries, type EntryChange } from './entry-diff.js';
import type { Plan, PlanUnit } from './plan-types.js';

/** The change of each process planned as "changed", by instance. */
export type PlanChanges = Readonly<Record<string, EntryChange>>;

/**
 * Compares the entries of every process `plan` restarts as changed. `read` reads an
 * entry's files (`readFileSet`); a process whose old entry is gone from the store, or
 * cannot be read, is left out, and the plan then says only "changed" for it.
 */
export const planChanges = (plan: Plan, previous: readonly PlanUnit[] | null, next: readonly PlanUnit[] | null, read: (entry: string) => FileSet): PlanChanges => {
  const before = new Map((previous ?? []).map((u) => [u.instance, u.entry]));
  const after = new Map((next ?? []).map((u) => [u.instance, u.entry]));
  const changes: Record<string, EntryChange> = {};
  for (const [instance, reason] of Object.entries(plan.reasons)) {
    const [old, now] = [before.get(instance), after.get(instance)];
    if (reason !== 'changed' || old === undefined || now === undefined) continue;
    try {
      changes[instance] = diffEntries({ path: old, files: read(old) }, { path: now, files: read(now) });
    } catch {
      // Without both entries there is nothing to compare.
    }
  }
  return changes;
};
