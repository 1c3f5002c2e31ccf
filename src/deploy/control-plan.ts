/**
 * `procform start|stop|restart NAME…` on a deployment as a plan, so that an activator
 * carries it out exactly like a switch: in dependency order, waiting for readiness, side by
 * side where the graph allows. The rules are the embedded supervisor's: start brings up the
 * dependencies that are not running first; stop takes the running dependents down first;
 * restart stops the running dependents, restarts the processes, and starts the dependents
 * again once what they depend on is ready.
 * @module
 */
import { ControlError } from '../errors.js';
import { byCodePoint, orderSubset, type DependencyGraph } from './graph-order.js';
import type { Plan, PlanReason, PlanUnit } from './plan-types.js';

/** What is asked of the named processes. */
export type ControlVerb = 'start' | 'stop' | 'restart';

/** Every node reached from `names` along `edges`, the names themselves excluded unless reached. */
const reach = (names: readonly string[], edges: (node: string) => readonly string[]): Set<string> => {
  const found = new Set<string>();
  const pending = names.flatMap(edges);
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (found.has(next)) continue;
    found.add(next);
    pending.push(...edges(next));
  }
  return found;
};

/** Refuses an empty request and names the generation does not have, listing the ones it has. */
export const checkNames = (names: readonly string[], units: readonly PlanUnit[]): void => {
  if (names.length === 0) throw new ControlError('name at least one process');
  const known = new Set(units.map((u) => u.instance));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new ControlError(`unknown process ${unknown.map((n) => `"${n}"`).join(', ')}`, known.size > 0 ? `known processes: ${[...known].sort(byCodePoint).join(', ')}` : 'nothing is deployed');
  }
};

/**
 * The plan of `verb` on `names` in a generation of `units`, where `running` are the
 * instances up now. Throws ControlError for unknown names.
 */
export const controlPlan = (verb: ControlVerb, names: readonly string[], units: readonly PlanUnit[], running: ReadonlySet<string>): Plan => {
  checkNames(names, units);
  const graph: DependencyGraph = new Map(units.map((u) => [u.instance, u.dependencies]));
  const dependents = new Map<string, string[]>();
  for (const unit of units) for (const dependency of unit.dependencies) dependents.set(dependency, [...(dependents.get(dependency) ?? []), unit.instance]);
  const named = new Set(names);
  const reasons = new Map<string, PlanReason>([...named].map((n) => [n, 'requested']));
  const stop = new Set<string>();
  const start = new Set<string>();

  if (verb !== 'stop') {
    for (const dependency of reach(names, (n) => graph.get(n) ?? [])) {
      if (named.has(dependency) || running.has(dependency)) continue;
      start.add(dependency);
      reasons.set(dependency, 'not-running');
    }
  }
  // Dependents are followed through processes that are down: what runs above them still
  // relies on what lies below.
  const runningDependents = [...reach(names, (n) => dependents.get(n) ?? [])].filter((d) => !named.has(d) && running.has(d));
  if (verb === 'start') {
    for (const name of names) if (!running.has(name)) start.add(name);
  } else {
    for (const name of names) stop.add(name);
    for (const dependent of runningDependents) {
      stop.add(dependent);
      reasons.set(dependent, verb === 'stop' ? 'dependency-stopped' : 'dependency-restarted');
    }
    if (verb === 'restart') for (const instance of [...names, ...runningDependents]) start.add(instance);
  }
  const all = [...reasons.keys()].sort(byCodePoint);
  return {
    stop: orderSubset(graph, stop, 'dependents-first'),
    start: orderSubset(graph, start, 'dependencies-first'),
    keep: all.filter((i) => !stop.has(i) && !start.has(i)),
    reasons: Object.fromEntries(all.map((i) => [i, reasons.get(i)!])),
  };
};
