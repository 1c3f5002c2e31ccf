/**
 * How long the supervisor waits before restarting a process that exited.
 * @module
 */
import type { Restart } from '../model/restart.js';

/**
 * Milliseconds to wait before the `k`-th consecutive restart (k ≥ 1). The first restart
 * after a stable run is immediate, because a process killed once (OOM, `kill -9`) should
 * be back as fast as runit brings it back; only a process that keeps dying waits, for
 * `initial × factor^(k-2)` seconds, capped at `max`.
 */
export const restartDelay = (k: number, backoff: Restart['backoff']): number =>
  k <= 1 ? 0 : Math.round(Math.min(backoff.max, backoff.initial * backoff.factor ** (k - 2)) * 1000);
