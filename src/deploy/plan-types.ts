/**
 * The plan of a switch between two generations, as data: what stops, what starts, what
 * is left alone, and why. Computed by a pure function, printed by `--dry-run`, executed
 * by a backend's activator.
 * @module
 */

/** One process of a generation, as the planner sees it. */
export interface PlanUnit {
  readonly instance: string;
  /** Store path of its rendered entry: equal paths mean identical configuration. */
  readonly entry: string;
  readonly dependencies: readonly string[];
  /** Seconds a switch waits for it to come up, when not the default. */
  readonly startTimeout?: number;
}

/**
 * Why a process is in the plan. A switch gives the first six; `procform start|stop|restart
 * NAME` gives `requested` to the named processes and `dependency-stopped` to the
 * dependents a stop takes down with them.
 */
export type PlanReason = 'added' | 'removed' | 'changed' | 'dependency-restarted' | 'not-running' | 'unchanged' | 'requested' | 'dependency-stopped';

/** A switch plan. A restarted process appears in both `stop` and `start`. */
export interface Plan {
  /** To stop, dependents before their dependencies (old generation's graph). */
  readonly stop: readonly string[];
  /** To start, dependencies before their dependents (new generation's graph). */
  readonly start: readonly string[];
  /** Left running as they are. */
  readonly keep: readonly string[];
  readonly reasons: Readonly<Record<string, PlanReason>>;
}
