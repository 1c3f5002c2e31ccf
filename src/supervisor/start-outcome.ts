/**
 * Whether a process that was asked to come up did: what `apply`, `start` and `restart`
 * wait for, and the reason they report when it did not.
 * @module
 */
import type { Unit } from './unit.js';

/** How a process that was asked to come up ended up: null when it did, a reason when not, or 'pending'. */
export const outcome = (unit: Unit, units: ReadonlyMap<string, Unit>): string | null | 'pending' => {
  if (unit.ready || unit.state === 'exited') return null;
  if (unit.state === 'failed') return unit.failure ?? 'failed';
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
