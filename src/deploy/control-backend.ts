/**
 * Carrying out `procform start|stop|restart NAME…` through an activator: the request
 * becomes a plan over the deployed generation's graph (control-plan.ts), which the
 * activator applies from that generation to itself, so nothing is installed or removed and
 * only the planned processes stop and start.
 * @module
 */
import type { ActivationEvents, ActivationGeneration, ActivationResult, Activator } from './activator.js';
import { checkNames, controlPlan, type ControlVerb } from './control-plan.js';

/** `verb` on `instances` of the deployed `generation`, through `activator.apply`. */
export const controlThroughApply = async (
  activator: Pick<Activator, 'running' | 'apply'>,
  verb: ControlVerb,
  instances: readonly string[],
  generation: ActivationGeneration,
  events?: ActivationEvents,
): Promise<ActivationResult> => {
  checkNames(instances, generation.units);
  const plan = controlPlan(verb, instances, generation.units, await activator.running(generation.settings));
  return activator.apply(plan, generation, generation, events);
};
