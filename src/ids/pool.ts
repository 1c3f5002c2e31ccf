/**
 * Arithmetic on one id pool: its capacity, which ids belong to it, and where the search
 * for a free id goes next.
 * @module
 */

/**
 * Where a pool's ids must be unique. procform deploys to one machine, where `machine`
 * behaves exactly as `global`; the distinction is kept so that id-resources files shared
 * with multi-machine tools (dydisnix) stay valid and mean the same thing there.
 */
export type PoolScope = 'global' | 'machine';

/** A pool of ids with its defaults applied: the ids are `min`, `min + step`, … up to `max`. */
export interface IdPool {
  /** Smallest id, and the origin of the step grid. */
  readonly min: number;
  /** Largest id that may be handed out; it need not lie on the grid. */
  readonly max: number;
  /** Distance between consecutive ids, e.g. 3 for services that use three ports each. */
  readonly step: number;
  /** Where the ids must be unique; see {@link PoolScope}. */
  readonly scope: PoolScope;
}

/**
 * How many ids the pool holds. Counting grid points rather than `max - min + 1` is what
 * keeps a stepped pool from promising ids it does not have.
 */
export const poolCapacity = (pool: IdPool): number => Math.floor((pool.max - pool.min) / pool.step) + 1;

/**
 * Why an id may not stay in the pool, or `undefined` when it may. Ids go stale this way
 * when the id-resources file changes the pool's bounds or step.
 */
export const poolMisfit = (pool: IdPool, id: number): 'out-of-range' | 'off-grid' | undefined => {
  if (id < pool.min || id > pool.max) return 'out-of-range';
  if ((id - pool.min) % pool.step !== 0) return 'off-grid';
  return undefined;
};

/** An id to try, and whether reaching it went past `max` back to `min`. */
export interface Candidate {
  readonly id: number;
  readonly wrapped: boolean;
}

/**
 * The first id to try after `last`: the next grid point above it. Rounding to the grid
 * (rather than adding `step`) keeps the search on the grid when `last` predates a change
 * of the pool's `min` or `step`; beyond `max` the search wraps to `min`.
 */
export const firstCandidate = (pool: IdPool, last: number | undefined): Candidate => {
  if (last === undefined || last < pool.min) return { id: pool.min, wrapped: false };
  const next = pool.min + (Math.floor((last - pool.min) / pool.step) + 1) * pool.step;
  return next > pool.max ? { id: pool.min, wrapped: true } : { id: next, wrapped: false };
};

/** The id to try after `id`, wrapping from beyond `max` back to `min`. */
export const nextCandidate = (pool: IdPool, id: number): Candidate => {
  const next = id + pool.step;
  return next > pool.max ? { id: pool.min, wrapped: true } : { id: next, wrapped: false };
};
