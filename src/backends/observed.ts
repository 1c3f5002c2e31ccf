/**
 * An activator with the operations `procform status`, `logs` and `start|stop|restart`
 * need: the backend's own status and logs, and single-process control carried out by the
 * activator's `apply` (so every control step runs in dependency order and waits for
 * readiness exactly as a switch does).
 * @module
 */
import { controlThroughApply } from '../deploy/control-backend.js';
import type { Activator } from '../deploy/activator.js';

/** `activator` with `operations` added, and `control` through its `apply`. */
export const observed = (activator: Activator, operations: Pick<Activator, 'status' | 'logs' | 'unavailable'>): Activator => ({
  ...activator,
  ...operations,
  control: (verb, instances, generation, events) => controlThroughApply(activator, verb, instances, generation, events),
});
