/**
 * Cycles between dependencies (unknown dependencies are found while resolving them).
 * @module
 */
import { findCycles } from '../graph.js';
import type { Problem } from '../problem.js';
import type { Rule } from './context.js';

/** Dependencies must not form a cycle; each cycle is printed once. */
export const noCycles: Rule = (context) => {
  const graph = new Map([...context.specs].map(([instance, spec]) => [instance, spec.dependencies]));
  return findCycles(graph).map((cycle): Problem => ({
    code: 'dependency-cycle', instance: cycle[0]!, field: 'dependencies',
    message: `dependency cycle: ${cycle.join(' → ')}`,
    hint: 'remove one of these dependencies',
    ...context.blame(cycle[0]!),
  }));
};
