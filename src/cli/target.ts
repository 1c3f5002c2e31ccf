/**
 * Which deployments `status`, `logs` and `start|stop|restart` work on: `-P BACKEND` (or
 * `$PROCFORM_PROCESS_MANAGER`) names one; without one, the default backend's when it has
 * one (where a switch without `-P` deploys), else every deployment of the state dir.
 * `status` shows them all; the other commands need exactly one.
 * @module
 */
import { backendByName, DEFAULT_BACKEND } from '../backends/registry.js';
import { settingsOf } from '../build/build.js';
import { ControlError } from '../errors.js';
import { deploymentIn, deploymentOf, deploymentsIn, leftBehindIn, type Deployment } from './deployments.js';
import { resolveParams, type ModelOptions } from './params.js';
import { requireTrustedDirectories } from './trusted-dirs.js';

/** The deployments of a command, and what a manager that ended left behind, if anything. */
export interface Targets {
  readonly targets: readonly Deployment[];
  /** Reported after the deployments are shown. */
  readonly left: ControlError | null;
}

const noneRunning = (): ControlError =>
  new ControlError('no supervisor is running for this state dir', 'start one with procform up, or deploy with procform switch (-P BACKEND for another process manager)');

/**
 * Every deployment the options select. Without `-P` and with nothing deployed on the
 * default backend, that is every deployment of the state dir; an error when there is none.
 */
export const targetsOf = async (options: ModelOptions): Promise<Targets> => {
  requireTrustedDirectories(options);
  const settings = settingsOf(resolveParams(options, {}));
  const named = options.processManager ?? process.env.PROCFORM_PROCESS_MANAGER;
  if (named !== undefined) return { targets: [await deploymentOf(backendByName(named), settings)], left: null };
  const preferred = await deploymentIn(backendByName(DEFAULT_BACKEND), settings);
  if (preferred !== null) return { targets: [preferred], left: null };
  const left = leftBehindIn(settings);
  const deployments = await deploymentsIn(settings);
  if (deployments.length === 0) throw left ?? noneRunning();
  return { targets: deployments, left };
};

/** The one deployment of a command that acts on one; asks for `-P` when there are several. */
export const targetOf = async (options: ModelOptions, command: string): Promise<Deployment> => {
  const { targets } = await targetsOf(options);
  if (targets.length === 1) return targets[0]!;
  const names = targets.map((t) => `${t.backend.name} (generation ${t.number ?? t.generation.path})`);
  throw new ControlError(`this state dir has ${targets.length} deployments: ${names.join(', ')}`, `name one with -P, e.g. procform ${command} -P ${targets[0]?.backend.name ?? 'BACKEND'}`);
};
