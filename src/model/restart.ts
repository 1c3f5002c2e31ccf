/**
 * Restart policy: when a supervisor restarts an exited process, and how quickly.
 * @module
 */

/** When to restart: never, after a non-zero exit or a signal, or after any exit. */
export type RestartPolicyName = 'no' | 'on-failure' | 'always';

/** Delays between restarts grow from `initial` by `factor` up to `max`. */
export interface BackoffInput {
  /** Seconds before the first restart. @default 1 */
  readonly initial?: number;
  /** Multiplier applied after each consecutive restart. @default 2 */
  readonly factor?: number;
  /** Upper bound in seconds. @default 30 */
  readonly max?: number;
  /** Seconds of uptime after which the process counts as stable and the backoff resets. @default 30 */
  readonly resetAfter?: number;
}

/** Full restart declaration. */
export interface RestartSpecInput {
  /**
   * When to restart the process.
   * @default `"always"`; `"on-failure"` for a oneshot, whose successful run must not repeat
   */
  readonly policy?: RestartPolicyName;
  /** Consecutive restarts allowed before the process is marked failed. @default 10 */
  readonly maxRestarts?: number;
  /** How long to wait before each restart. @default { initial: 1, factor: 2, max: 30, resetAfter: 30 } */
  readonly backoff?: BackoffInput;
}

/** A policy name alone, or the full declaration. */
export type RestartInput = RestartPolicyName | RestartSpecInput;

/** The restart policy after normalization. */
export interface Restart {
  readonly policy: RestartPolicyName;
  readonly maxRestarts: number;
  readonly backoff: Required<BackoffInput>;
}
