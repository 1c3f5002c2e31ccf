/**
 * The deployments of a state dir made through activators: every backend whose profile
 * (`<libDir>/procform/profiles/<backend>/`) has a current generation. `status`, `logs` and
 * `start|stop|restart` work on these when no embedded supervisor runs.
 * @module
 */
import type { ActivationGeneration, Activator } from '../deploy/activator.js';
import type { Backend } from '../deploy/backend.js';
import type { Operation } from '../deploy/observation.js';
import { BACKENDS } from '../backends/registry.js';
import { currentGeneration } from '../deploy/profiles.js';
import { activationGeneration } from '../deploy/switch-backend.js';
import { ControlError, InputError } from '../errors.js';
import { profileDir } from './profile.js';

/** A backend's deployment: its current generation. */
export interface Deployment {
  readonly backend: Backend;
  readonly activator: Activator;
  /** The current generation's number in the profile. */
  readonly number: number;
  readonly generation: ActivationGeneration;
}

const deploymentIn = (backend: Backend, libDir: string): Deployment | null => {
  if (backend.activator === undefined) return null;
  const current = currentGeneration(profileDir(libDir, backend.name));
  if (current === null) return null;
  return { backend, activator: backend.activator, number: current.number, generation: activationGeneration(current.path, backend.name) };
};

/** Every deployment of the state dir whose lib dir is `libDir`, the embedded supervisor's excepted. */
export const deploymentsIn = (libDir: string): Deployment[] =>
  [...BACKENDS.values()].filter((backend) => backend.name !== 'embedded').flatMap((backend) => deploymentIn(backend, libDir) ?? []);

/** The deployment of one backend; an error that says what to do when there is none. */
export const deploymentOf = (backend: Backend, libDir: string): Deployment => {
  if (backend.activator === undefined) {
    throw new InputError(`the ${backend.name} backend only generates files: nothing runs that procform could ask about`, `build them with procform build -P ${backend.name}; a manager that runs them reports on them`);
  }
  const found = deploymentIn(backend, libDir);
  if (found === null) throw new ControlError(`nothing is deployed with ${backend.name} in this state dir`, `deploy with procform switch -P ${backend.name}`);
  return found;
};

/**
 * Refuses an operation the deployment's backend does not offer, naming the command the
 * user ran (`status`, `logs`, `start`, …) and what to use instead.
 */
export const requireOperation = (deployment: Deployment, operation: Operation, command: string): void => {
  const instead = deployment.activator.unavailable?.[operation];
  if (instead === undefined && deployment.activator[operation] !== undefined) return;
  throw new ControlError(`procform ${command} is not available for ${deployment.backend.name}${instead ? `: ${instead}` : ''}`);
};

/** Refuses to go on when the backend's own daemon (`procform manager start`) is not running. */
export const requireManager = async (deployment: Deployment): Promise<void> => {
  const manager = deployment.backend.manager;
  if (manager === undefined || (await manager.isRunning(deployment.generation.settings))) return;
  throw new ControlError(`${deployment.backend.name} is not running for this state dir (generation ${deployment.number} is deployed to it)`, `start it with procform manager start ${deployment.backend.name}, then procform switch -P ${deployment.backend.name} starts the deployment again`);
};
