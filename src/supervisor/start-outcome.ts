/**
 * Whether a process that was asked to come up did: what `apply`, `start` and `restart`
 * wait for, and the reason they report when it did not.
 * @module
 */
import { SETTLE_MS } from '../deploy/stays-up.js';
import { describeExit } from './state-machine.js';
import type { Unit } from './unit.js';

/** True for a process whose start only its staying up can confirm: a longrun without a readiness probe. */
const settles = (unit: Unit): boolean => unit.service.type === 'longrun' && unit.service.readiness === null;

/**
 * Milliseconds a ready process without a probe must still stay up before its start counts
 * (see `SETTLE_MS`); 0 when it has, or when a probe or its exit decides instead.
 */
export const settleLeft = (unit: Unit, now: number): number => {
  const since = unit.upSince;
  return settles(unit) && since !== null ? Math.max(0, since + SETTLE_MS - now) : 0;
};

/**
 * True when a process without a probe ended (and is being restarted) since it was asked to
 * start, when it had `restartsBefore` restarts: a restart asked for keeps the count.
 */
export const endedEarly = (unit: Unit, restartsBefore: number): boolean => settles(unit) && unit.restarts > restartsBefore && unit.state !== 'failed';

/**
 * How a process that was asked to come up ended up: null when it did, a reason when not, or
 * 'pending'. A process without a probe that ended or restarted before it stayed up for
 * the settle period did not come up, whatever its restart policy will do next;
 * `restartsBefore` is its restart count just after the start was asked for.
 */
export const outcome = (unit: Unit, units: ReadonlyMap<string, Unit>, now = Date.now(), restartsBefore = 0): string | null | 'pending' => {
  if (unit.state === 'failed') return unit.failure ?? 'failed';
  if (endedEarly(unit, restartsBefore)) return `ended with ${describeExit(unit.lastExit)} right after it started`;
  if (unit.ready) return settleLeft(unit, now) > 0 ? 'pending' : null;
  if (unit.state === 'exited') return null;
  if (unit.state === 'down') return 'was stopped before it was ready';
  if (unit.state === 'waiting') return blockedBy(unit, units) ?? 'pending';
  return 'pending';
};

/**
 * Why a waiting unit can never start as things stand: a dependency that is not defined,
 * failed, or is not wanted (down, or ended and not a successful oneshot). Null while every
 * dependency is up or on its way.
 */
export const blockedBy = (unit: Unit, units: ReadonlyMap<string, Unit>, seen = new Set<string>()): string | null => {
  seen.add(unit.instance);
  for (const name of unit.service.dependencies) {
    const dependency = units.get(name);
    if (dependency === undefined) return `dependency "${name}" is not defined`;
    if (dependency.ready) continue;
    // Why it failed is the dependency's own entry in the same report; repeating it for
    // every dependent would bury it.
    if (dependency.state === 'failed') return `dependency "${name}" failed`;
    if (dependency.state === 'down' || dependency.state === 'exited') return `dependency "${name}" is not running`;
    if (dependency.state === 'waiting' && !seen.has(name)) {
      const deeper = blockedBy(dependency, units, seen);
      if (deeper !== null) return `dependency "${name}" cannot start: ${deeper}`;
    }
  }
  return null;
};
