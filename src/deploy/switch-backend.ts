/**
 * Switching a backend's running manager from one generation to another through its
 * activator: plan by entry hashes, apply, and on failure apply the way back, so a failed
 * switch leaves what ran before running.
 * @module
 */
import type { ActivationEvents, ActivationGeneration, Activator } from './activator.js';
import { computePlan } from './plan.js';
import type { Plan } from './plan-types.js';
import { readGeneration } from '../generation/read.js';
import { planUnits } from './plan-units.js';
import type { GenerationDocument } from '../generation/document.js';
import { DeployError } from '../errors.js';
import { startDeadlines } from './start-deadline.js';

/** Loads a generation for activation, checking it was built for `backend`. */
export const activationGeneration = (path: string, backend: string): ActivationGeneration => activationOf(path, readGeneration(path), backend);

/** A generation's document seen for activation (also one not written yet, for a dry run). */
export const activationOf = (path: string, document: GenerationDocument, backend: string): ActivationGeneration => {
  if (document.backend !== backend) throw new DeployError(`generation ${path} was built for ${document.backend}, not ${backend}`, false);
  return { path, units: planUnits(document), settings: document.settings };
};

/** Outcome of a switch. */
export interface BackendSwitchResult {
  readonly plan: Plan;
  readonly failed: readonly { readonly instance: string; readonly reason: string }[];
  /** True when a failure was followed by a successful return to `previous`. */
  readonly rolledBack: boolean;
}

/** The plan a switch would execute now (`--dry-run`). */
export const planSwitch = async (activator: Activator, previous: ActivationGeneration | null, next: ActivationGeneration | null): Promise<Plan> => {
  const settings = (next ?? previous)?.settings;
  const running = settings ? await activator.running(settings) : new Set<string>();
  return computePlan(previous?.units ?? null, next?.units ?? null, running);
};

/**
 * Switches from `previous` to `next` (null: nothing deployed), rolling back on failure
 * unless the manager did; `events` hears of every start and stop, the way back's included.
 */
export const switchBackend = async (
  activator: Activator, previous: ActivationGeneration | null, next: ActivationGeneration | null, events?: ActivationEvents, timeout?: number,
): Promise<BackendSwitchResult> => {
  const plan = await planSwitch(activator, previous, next);
  const result = await activator.apply(plan, previous, next, { ...events, deadlines: startDeadlines(next?.units ?? [], timeout), ...(timeout === undefined ? {} : { timeout }) });
  if (result.failed.length === 0) return { plan, failed: [], rolledBack: false };
  // A manager that went back on its own has said how that went.
  if (result.rolledBack !== undefined) return { plan, failed: result.failed, rolledBack: result.rolledBack };
  events?.note?.(previous === null ? 'removing what was started' : 'going back to the previous generation');
  const back = await planSwitch(activator, next, previous);
  const restored = await activator.apply(back, next, previous, { ...events, deadlines: startDeadlines(previous?.units ?? []) });
  return { plan, failed: result.failed, rolledBack: restored.failed.length === 0 };
};
