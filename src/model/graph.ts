/**
 * The dependency graph of instances: a stable topological order and the cycles that
 * prevent one.
 * @module
 */

/** Instance name → names of the instances it depends on. */
export type DependencyGraph = ReadonlyMap<string, readonly string[]>;

/**
 * Every elementary cycle found by a depth-first walk, each as a path that ends where it
 * starts (`["a", "b", "a"]`), reported once whichever member it was reached from.
 */
export const findCycles = (graph: DependencyGraph): string[][] => {
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = [...cycle.slice(0, -1)].sort().join('\0');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
};

/**
 * Dependencies before dependents; among instances whose dependencies are all placed, the
 * alphabetically first comes first, so the order never depends on declaration order.
 * Assumes the graph has no cycles.
 */
export const topologicalOrder = (graph: DependencyGraph): string[] => {
  const remaining = new Map([...graph].map(([node, deps]) => [node, new Set(deps.filter((d) => graph.has(d)))]));
  const order: string[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining].filter(([, deps]) => deps.size === 0).map(([node]) => node).sort();
    if (ready.length === 0) throw new Error('topologicalOrder: the graph has a cycle');
    for (const node of ready) {
      order.push(node);
      remaining.delete(node);
    }
    for (const deps of remaining.values()) for (const node of ready) deps.delete(node);
  }
  return order;
};
