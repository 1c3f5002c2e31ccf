/**
 * The order processes are declared in the generated model: a process after the ones it
 * depends on, so it can name them as variables; otherwise the source's order.
 * @module
 */
import type { ImportedProcess } from './types.js';

/**
 * Processes in declaration order, and for each the dependencies that come later (only
 * in a cycle, which validation then reports), to be named by instance name instead.
 */
export const declarationOrder = (processes: readonly ImportedProcess[]): { ordered: ImportedProcess[]; forward: Map<string, Set<string>> } => {
  const byName = new Map(processes.map((p) => [p.instance, p]));
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const ordered: ImportedProcess[] = [];
  const forward = new Map<string, Set<string>>();
  const visit = (p: ImportedProcess): void => {
    if (placed.has(p.instance) || visiting.has(p.instance)) return;
    visiting.add(p.instance);
    for (const dep of p.dependencies) {
      const target = byName.get(dep);
      if (target) visit(target);
    }
    visiting.delete(p.instance);
    placed.add(p.instance);
    ordered.push(p);
    forward.set(p.instance, new Set(p.dependencies.filter((d) => !placed.has(d) || d === p.instance)));
  };
  processes.forEach(visit);
  return { ordered, forward };
};
