/**
 * Questions about the dependency graph of the units the supervisor holds now.
 * @module
 */
import type { Unit } from './unit.js';

/** Everything the named units depend on, transitively (the names themselves excluded unless reached). */
export const dependenciesOf = (units: ReadonlyMap<string, Unit>, names: readonly string[]): Set<string> => {
  const found = new Set<string>();
  const visit = (name: string): void => {
    for (const dependency of units.get(name)?.service.dependencies ?? []) {
      if (found.has(dependency)) continue;
      found.add(dependency);
      visit(dependency);
    }
  };
  names.forEach(visit);
  return found;
};

/** The units that depend on the named ones: directly (`depth` 1) or transitively. */
export const dependentsOf = (units: ReadonlyMap<string, Unit>, names: readonly string[], depth = Infinity): string[] => {
  const found = new Set<string>();
  let frontier = new Set(names);
  for (let level = 0; level < depth && frontier.size > 0; level++) {
    const next = new Set<string>();
    for (const unit of units.values()) {
      if (found.has(unit.instance) || !unit.service.dependencies.some((d) => frontier.has(d))) continue;
      found.add(unit.instance);
      next.add(unit.instance);
    }
    frontier = next;
  }
  return [...found];
};
