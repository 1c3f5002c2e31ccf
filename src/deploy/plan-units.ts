/**
 * A generation's processes as the planner sees them: instance, entry and dependencies,
 * in the generation's start order.
 * @module
 */
import type { GenerationDocument } from '../generation/document.js';
import type { PlanUnit } from './plan-types.js';

/** The processes of a generation as the planner sees them, in the document's start order. */
export const planUnits = (document: GenerationDocument): PlanUnit[] =>
  document.processes.map((p) => ({
    instance: p.instance, entry: p.entry, dependencies: [...p.dependencies], ...(p.startTimeout === undefined ? {} : { startTimeout: p.startTimeout }),
  }));
