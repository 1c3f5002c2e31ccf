/**
 * Deterministic ordering of a subset of a dependency graph. A switch stops and starts only
 * some processes, but they must still respect the dependencies that run through the
 * processes it leaves alone, so the order is taken over the whole graph and then narrowed.
 * @module
 */
import { InputError } from '../errors.js';

/** A dependency graph: each node's direct dependencies. */
export type DependencyGraph = ReadonlyMap<string, readonly string[]>;

/** Which end of an edge goes first. */
export type OrderDirection = 'dependencies-first' | 'dependents-first';

/** Code-point order, so the result does not depend on the locale of the machine. */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The members of `subset` that `node` depends on, directly or through any other node; `node` itself when it is on a cycle. */
const reachableIn = (graph: DependencyGraph, node: string, subset: ReadonlySet<string>): Set<string> => {
  const seen = new Set<string>();
  const found = new Set<string>();
  const pending = [...(graph.get(node) ?? [])];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    if (subset.has(next)) found.add(next);
    pending.push(...(graph.get(next) ?? []));
  }
  return found;
};

/**
 * Orders `subset` so that every dependency (direct or transitive in `graph`) comes before
 * its dependent, or after it for `dependents-first`. Among nodes that are free to go, the
 * alphabetically first goes first, so equal input always gives the same order.
 * Dependencies on nodes missing from the graph are ignored. Throws InputError on a cycle.
 */
export const orderSubset = (graph: DependencyGraph, subset: Iterable<string>, direction: OrderDirection): string[] => {
  const members = new Set(subset);
  // `waitsFor.get(x)` holds the members that must go before x.
  const waitsFor = new Map<string, Set<string>>([...members].map((m) => [m, new Set<string>()]));
  for (const node of members) {
    const reachable = reachableIn(graph, node, members);
    if (reachable.has(node)) throw new InputError(`dependency cycle through "${node}"`);
    for (const dependency of reachable) {
      if (direction === 'dependencies-first') waitsFor.get(node)!.add(dependency);
      else waitsFor.get(dependency)!.add(node);
    }
  }
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < members.size) {
    const ready = [...members].filter((m) => !done.has(m) && [...waitsFor.get(m)!].every((w) => done.has(w))).sort(byCodePoint);
    const first = ready[0];
    if (first === undefined) {
      const stuck = [...members].filter((m) => !done.has(m)).sort(byCodePoint);
      throw new InputError(`dependency cycle among ${stuck.map((s) => `"${s}"`).join(', ')}`);
    }
    order.push(first);
    done.add(first);
  }
  return order;
};
