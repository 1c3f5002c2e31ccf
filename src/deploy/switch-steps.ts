/**
 * The steps a switch, a rollback and a dry run share, whatever the backend: what a backend
 * declares (its activator, its manager, whether it needs accounts here) decides each step,
 * never its name.
 * @module
 */
import { ControlError, DeployError, InputError } from '../errors.js';
import type { BuildSettings } from '../generation/settings.js';
import type { ActivationGeneration, Activator } from './activator.js';
import type { Backend } from './backend.js';
import { ensureCredentials, type CredentialsStep, type CredentialsTarget } from './credentials-step.js';
import type { CurrentGeneration } from './profiles.js';
import { activationGeneration } from './switch-backend.js';

/** The backend's activator; an `InputError` for a backend that only generates files. */
export const activatorOf = (backend: Backend): Activator => {
  if (!backend.activator) throw new InputError(`the ${backend.name} backend only generates files; it cannot be switched`, `build them with procform build -P ${backend.name}`);
  return backend.activator;
};

/** Refuses `--enable` / `--no-enable` (a defined `enable`) for a manager that does not start at boot on its own. */
export const requireEnable = (backend: Backend, activator: Activator, enable: boolean | undefined): void => {
  if (enable === undefined || activator.enable !== undefined) return;
  const instead = activator.unavailable?.enable;
  throw new InputError(`--enable and --no-enable are not available for ${backend.name}${instead ? `: ${instead}` : ''}`);
};

/**
 * Makes sure the backend's manager runs before anything is planned against it. A manager
 * that starts on demand is started when `start` is true (a switch or rollback) and left
 * alone otherwise (a dry run starts nothing); any other manager that does not run is an
 * error saying how to start it.
 */
export const requireManager = async (backend: Backend, settings: BuildSettings, start: boolean): Promise<void> => {
  const manager = backend.manager;
  if (manager === undefined || (await manager.isRunning(settings))) return;
  if (manager.startsOnDemand) {
    if (start) await manager.start(settings);
    return;
  }
  throw new ControlError(`${backend.name} is not running for this state dir`, `start it with procform manager start ${backend.name}`);
};

/**
 * The generation a switch goes from: what the manager runs now when it knows that itself,
 * else the profile's current generation.
 */
export const deployedBefore = async (backend: Backend, settings: BuildSettings, current: CurrentGeneration | null): Promise<ActivationGeneration | null> => {
  const path = backend.manager?.deployed ? await backend.manager.deployed(settings) : current?.path ?? null;
  return path === null ? null : activationGeneration(path, backend.name);
};

const NO_ACCOUNTS: CredentialsStep = { removeObsolete: async () => {}, undo: async () => {} };

/** The accounts step of a switch or rollback; none for a backend whose processes run elsewhere. */
export const accountsFor = (backend: Backend, deployment: CredentialsTarget, note: (text: string) => void): Promise<CredentialsStep> =>
  backend.localAccounts === false ? Promise.resolve(NO_ACCOUNTS) : ensureCredentials(deployment, note);

/** What a failed switch left behind, in words. */
const afterFailure = (rolledBack: boolean, nothingBefore: boolean): string =>
  nothingBefore
    ? rolledBack ? 'nothing was deployed before, and what was started is stopped again' : 'stopping what was started failed too'
    : rolledBack ? 'the previous generation runs again and stays current' : 'restoring the previous generation failed too';

/**
 * The error of a switch whose new generation did not come up; partial when the way back
 * failed too. Null when everything came up.
 */
export const notUp = (backend: Backend, outcome: { readonly failed: readonly { instance: string; reason: string }[]; readonly rolledBack: boolean }, nothingBefore: boolean): DeployError | null => {
  if (outcome.failed.length === 0) return null;
  const reasons = outcome.failed.map((f) => `${f.instance}: ${f.reason}`).join('; ');
  return new DeployError(`the new generation did not come up on ${backend.name} (${reasons}); ${afterFailure(outcome.rolledBack, nothingBefore)}`, !outcome.rolledBack);
};
