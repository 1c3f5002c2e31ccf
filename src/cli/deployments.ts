/**
 * The deployments of a state dir: for every backend with an activator, what its manager
 * runs when the manager knows that itself (procform's supervisor), else the current
 * generation of its profile (`<libDir>/procform/profiles/<backend>/`). `status`, `logs`
 * and `start|stop|restart` work on these.
 * @module
 */
import type { ActivationGeneration, Activator } from '../deploy/activator.js';
import type { Backend } from '../deploy/backend.js';
import type { Operation } from '../deploy/observation.js';
import { BACKENDS } from '../backends/registry.js';
import { currentGeneration } from '../deploy/profiles.js';
import { activationGeneration } from '../deploy/switch-backend.js';
import { ControlError, InputError } from '../errors.js';
import type { BuildSettings } from '../generation/settings.js';
import { profileDir } from '../deploy/profile-dir.js';

/** A backend's deployment: the generation it runs. */
export interface Deployment {
  readonly backend: Backend;
  readonly activator: Activator;
  /** The generation's number in the profile; null for one the profile does not hold as current (`procform up`). */
  readonly number: number | null;
  readonly generation: ActivationGeneration;
}

/** The deployment of `backend` in the state dir of `settings`, or null when it has none. */
export const deploymentIn = async (backend: Backend, settings: BuildSettings): Promise<Deployment | null> => {
  const { activator } = backend;
  if (activator === undefined) return null;
  const current = currentGeneration(profileDir(settings.libDir, backend.name));
  const path = backend.manager?.deployed ? await backend.manager.deployed(settings) : current?.path ?? null;
  if (path === null) return null;
  return { backend, activator, number: current?.path === path ? current.number : null, generation: activationGeneration(path, backend.name) };
};

/** Every deployment of the state dir of `settings`, in the registry's order. */
export const deploymentsIn = async (settings: BuildSettings): Promise<Deployment[]> =>
  (await Promise.all([...BACKENDS.values()].map((backend) => deploymentIn(backend, settings)))).flatMap((found) => found ?? []);

/** What a manager that ended left behind, as the error to report, for the first backend that says; else null. */
export const leftBehindIn = (settings: BuildSettings): ControlError | null =>
  [...BACKENDS.values()].map((backend) => backend.manager?.leftBehind?.(settings) ?? null).find((error) => error !== null) ?? null;

/** The deployment of one backend; an error that says what to do when there is none. */
export const deploymentOf = async (backend: Backend, settings: BuildSettings): Promise<Deployment> => {
  if (backend.activator === undefined) {
    throw new InputError(`the ${backend.name} backend only generates files: nothing runs that procform could ask about`, `build them with procform build -P ${backend.name}; a manager that runs them reports on them`);
  }
  const found = await deploymentIn(backend, settings);
  if (found !== null) return found;
  throw backend.manager?.leftBehind?.(settings) ?? new ControlError(`nothing is deployed with ${backend.name} in this state dir`, `deploy with procform switch -P ${backend.name}`);
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
