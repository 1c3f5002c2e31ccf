/**
 * What an id assignment run did to each entry, so the CLI can report it (also as
 * `--json`) and explain why an instance got the id it got.
 * @module
 */

/** Why an entry of the previous ids file was dropped. */
export type PruneReason =
  /** The id-resources file no longer defines the pool. */
  | 'pool-removed'
  /** The processes model no longer has the instance. */
  | 'instance-removed'
  /** The instance no longer lists the pool in `requiresUniqueIdsFor`. */
  | 'pool-not-required'
  /** The pool's `min`/`max` changed and the id is now outside them. */
  | 'out-of-range'
  /** The pool's `min`/`step` changed and the id is no longer one of its ids. */
  | 'off-grid'
  /** Another instance holds the same id (a hand-edited file); the first in name order keeps it. */
  | 'duplicate';

/** An instance kept the id it had. */
export interface KeptChange {
  readonly kind: 'kept';
  readonly pool: string;
  readonly instance: string;
  readonly id: number;
}

/** An instance got a new id. The fields retrace the search, to explain the choice. */
export interface AssignedChange {
  readonly kind: 'assigned';
  readonly pool: string;
  readonly instance: string;
  readonly id: number;
  /** The pool's last assignment the search started after; `null` when it started at `min`. */
  readonly after: number | null;
  /** Whether the search went past `max` and continued at `min`. */
  readonly wrapped: boolean;
  /** How many ids the search passed over because other instances held them. */
  readonly skipped: number;
}

/** An entry of the previous ids file was dropped; its instance may get a new id in the same run. */
export interface PrunedChange {
  readonly kind: 'pruned';
  readonly pool: string;
  readonly instance: string;
  readonly id: number;
  readonly reason: PruneReason;
  /** For `duplicate`: the instance that keeps the id. */
  readonly heldBy?: string;
}

/** The last assignment of a pool the id-resources file no longer defines was dropped. */
export interface PrunedCounterChange {
  readonly kind: 'pruned-counter';
  readonly pool: string;
  readonly lastAssignment: number;
}

/** One thing an assignment run did; plain data, so it serializes as is for `--json`. */
export type IdChange = KeptChange | AssignedChange | PrunedChange | PrunedCounterChange;

const REASONS: { readonly [reason in PruneReason]: string } = {
  'pool-removed': 'the pool is no longer defined',
  'instance-removed': 'the instance no longer exists',
  'pool-not-required': 'the instance no longer requires an id from this pool',
  'out-of-range': 'the id is outside the pool\'s range',
  'off-grid': 'the id is not on the pool\'s step grid',
  duplicate: 'another instance holds the same id',
};

const searchText = (change: AssignedChange): string => {
  const parts = [change.after === null ? 'first id of the pool' : `next free after ${change.after}`];
  if (change.wrapped) parts.push('wrapped around to min');
  if (change.skipped > 0) parts.push(`skipped ${change.skipped} taken id${change.skipped === 1 ? '' : 's'}`);
  return parts.join(', ');
};

/**
 * One line explaining a change, e.g. `webappPorts: webapp1 gets 5001 (next free after 5000)`.
 * Freed ids are not handed out again until the search wraps around, which is why a new
 * instance does not get a removed one's id; the text says where the search started.
 */
export const describeChange = (change: IdChange): string => {
  switch (change.kind) {
    case 'kept':
      return `${change.pool}: ${change.instance} keeps ${change.id}`;
    case 'assigned':
      return `${change.pool}: ${change.instance} gets ${change.id} (${searchText(change)})`;
    case 'pruned': {
      const by = change.heldBy === undefined ? '' : ` (${change.heldBy})`;
      return `${change.pool}: ${change.instance} loses ${change.id}: ${REASONS[change.reason]}${by}`;
    }
    case 'pruned-counter':
      return `${change.pool}: last assignment ${change.lastAssignment} dropped: ${REASONS['pool-removed']}`;
  }
};
