/**
 * Which deployment `status`, `logs` and `start|stop|restart` work on: `-P BACKEND` (or
 * `$PROCFORM_PROCESS_MANAGER`) names it; without one, the embedded supervisor when it
 * runs, else the deployments made through activators in this state dir. `status` shows
 * them all; the other commands need exactly one.
 * @module
 */
import { backendByName } from '../backends/registry.js';
import { supervisorRunning, connectControl } from '../supervisor/client.js';
import type { SupervisorControl } from '../supervisor/control.js';
import { ControlError } from '../errors.js';
import { deploymentOf, deploymentsIn, type Deployment } from './deployments.js';
import { leftBehind, leftBehindError, type LeftBehind } from './left-behind.js';
import { resolveParams, type ModelOptions } from './params.js';
import { pathsFor } from './supervisor-access.js';
import { requireTrustedDirectories } from './trusted-dirs.js';

/** What a command works on. */
export type Target =
  | { readonly kind: 'embedded'; readonly control: SupervisorControl }
  | { readonly kind: 'deployment'; readonly deployment: Deployment };

/** The targets of a command, and what a dead embedded daemon left, if anything. */
export interface Targets {
  readonly targets: readonly Target[];
  readonly left: LeftBehind | null;
}

const noneRunning = (): ControlError =>
  new ControlError('no supervisor is running for this state dir', 'start one with procform up, or deploy with procform switch (-P BACKEND for another process manager)');

/**
 * Every target the options select. Without `-P` and with no embedded supervisor running,
 * that is every deployment of the state dir; an error when there is none.
 */
export const targetsOf = async (options: ModelOptions): Promise<Targets> => {
  requireTrustedDirectories(options);
  const paths = pathsFor(options);
  const named = options.processManager ?? process.env.PROCFORM_PROCESS_MANAGER;
  if (named === 'embedded' || named === undefined) {
    if (await supervisorRunning(paths.socket)) return { targets: [{ kind: 'embedded', control: connectControl(paths.socket) }], left: null };
    const left = leftBehind(paths);
    if (named === 'embedded') throw left === null ? noneRunning() : leftBehindError(left);
    const deployments = deploymentsIn(resolveParams(options, {}).libDir);
    if (deployments.length === 0) throw left === null ? noneRunning() : leftBehindError(left);
    return { targets: deployments.map((deployment) => ({ kind: 'deployment', deployment })), left };
  }
  return { targets: [{ kind: 'deployment', deployment: deploymentOf(backendByName(named), resolveParams(options, {}).libDir) }], left: null };
};

/** The one target of a command that acts on one deployment; asks for `-P` when there are several. */
export const targetOf = async (options: ModelOptions, command: string): Promise<Target> => {
  const { targets } = await targetsOf(options);
  if (targets.length === 1) return targets[0]!;
  const names = targets.flatMap((t) => (t.kind === 'deployment' ? [`${t.deployment.backend.name} (generation ${t.deployment.number})`] : []));
  const first = targets[0]?.kind === 'deployment' ? targets[0].deployment.backend.name : 'BACKEND';
  throw new ControlError(`this state dir has ${targets.length} deployments: ${names.join(', ')}`, `name one with -P, e.g. procform ${command} -P ${first}`);
};
