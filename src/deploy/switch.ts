/**
 * A switch and a rollback, the same steps on every backend, procform's own supervisor
 * included: under the profile's lock, the manager made to run, the state versions checked,
 * the accounts made, the plan applied through the backend's activator (and the way back
 * when the new generation does not come up), and only then the profile's current
 * generation moved. What differs between backends is what they declare, not a branch here.
 * From the first change to the recorded outcome a journal in the profile names the switch,
 * so that when its procform is killed half way the next command puts the profile right
 * (`switch-recovery.ts`) before it does anything else.
 * @module
 */
import { InputError } from '../errors.js';
import { readGeneration } from '../generation/read.js';
import type { ActivationEvents } from './activator.js';
import type { Backend } from './backend.js';
import { settleCredentials } from './credentials-step.js';
import type { Plan } from './plan-types.js';
import { profileDir } from './profile-dir.js';
import { addGeneration, currentGeneration, failedUnlessCurrent, listGenerations, previousGeneration, setCurrent, withProfileLock, type CurrentGeneration } from './profiles.js';
import { checkStateVersions } from './state-versions.js';
import { activationGeneration, switchBackend } from './switch-backend.js';
import { clearJournal, writeJournal } from './switch-journal.js';
import { recoverSwitch } from './switch-recovery.js';
import { accountsFor, activatorOf, deployedBefore, notUp, requireEnable, requireManager } from './switch-steps.js';
import { readSecrets } from './secrets.js';
import { deliverSecrets, restartRotated, settleSecrets } from './secrets-step.js';

/** What a switch or rollback did. */
export interface SwitchOutcome {
  readonly backend: string;
  /** The generation's number in the backend's profile. */
  readonly number: number;
  /** The generation's store path. */
  readonly generation: string;
  readonly plan: Plan;
  /** Processes that did not come up; empty when the switch worked. */
  readonly failed: readonly { readonly instance: string; readonly reason: string }[];
  /** True when a failure was followed by a successful return to what ran before. */
  readonly rolledBack: boolean;
}

/** Who hears of a switch as it goes. */
export interface SwitchEvents extends ActivationEvents {
  /** The outcome, once the plan is applied; before the error, when it did not come up. */
  readonly outcome?: (outcome: SwitchOutcome) => void;
  /** What was put right, before anything else, after a switch whose procform was killed. */
  readonly repaired?: (text: string) => void;
}

/** What to switch to, and how. */
export interface SwitchRequest {
  readonly backend: Backend;
  readonly libDir: string;
  /** Store path of the generation to deploy, written to the store. */
  readonly generation: string;
  /** Allow processes whose `stateVersion` changes. @default false */
  readonly migrate?: boolean;
  /** Seconds every started process may take to come up, instead of its own `startTimeout`. */
  readonly timeout?: number;
  /** Enable (true) or disable (false) the deployment for boot; left as it is when absent. */
  readonly enable?: boolean;
  readonly events?: SwitchEvents;
}

/** What to roll back, and to which generation. */
export interface RollbackRequest {
  readonly backend: Backend;
  readonly libDir: string;
  /** The generation number to go to; the one before the current one when absent. */
  readonly to?: string;
  readonly timeout?: number;
  readonly events?: SwitchEvents;
}

const noNotes = (): void => {};

/** Puts right a switch of the profile that was cut short, and says so. */
const recover = async (backend: Backend, profile: string, events: SwitchEvents): Promise<void> => {
  const repaired = await recoverSwitch(backend, profile, { wait: true, events });
  if (repaired !== null) events.repaired?.(repaired);
};

/**
 * Runs the part of a switch from `from` to `to` that changes what runs, with the journal
 * naming it; the journal goes once `run` has recorded the outcome, or failed to.
 */
const journaled = async <T>(profile: string, from: CurrentGeneration | null, to: CurrentGeneration, run: () => Promise<T>): Promise<T> => {
  writeJournal(profile, { from, to, started: new Date().toISOString(), pid: process.pid });
  try {
    return await run();
  } finally {
    clearJournal(profile);
  }
};

/**
 * Switches the backend's deployment to `request.generation`, which becomes the profile's
 * current generation once it is up. Throws `DeployError` when it does not come up (the
 * generation is then marked failed, and what ran before runs again).
 */
export const switchGeneration = async (request: SwitchRequest): Promise<SwitchOutcome> => {
  const { backend, events = {} } = request;
  const activator = activatorOf(backend);
  requireEnable(backend, activator, request.enable);
  const profile = profileDir(request.libDir, backend.name);
  const next = activationGeneration(request.generation, backend.name);
  return withProfileLock(profile, async () => {
    await recover(backend, profile, events);
    await requireManager(backend, next.settings, true);
    const current = currentGeneration(profile);
    const previous = await deployedBefore(backend, next.settings, current);
    const document = readGeneration(next.path);
    checkStateVersions(previous && readGeneration(previous.path), document, request.migrate === true);
    const secrets = readSecrets(document);
    const accounts = await accountsFor(backend, { target: next.path, previous: current?.path ?? null, libDir: request.libDir, backend: backend.name }, events.note ?? noNotes);
    const rotated = await deliverSecrets(backend, secrets);
    const number = addGeneration(profile, next.path);
    const outcome = await journaled(profile, current, { number, path: next.path }, () => failedUnlessCurrent(profile, number, async () => {
      events.note?.(`switching ${backend.name} to generation ${number}`);
      const result = await switchBackend(activator, previous, next, events, request.timeout);
      const done: SwitchOutcome = { backend: backend.name, number, generation: next.path, ...result };
      events.outcome?.(done);
      await settleCredentials(accounts, result);
      const failure = notUp(backend, result, previous === null);
      if (failure !== null) throw failure;
      settleSecrets(backend, next.settings, document);
      setCurrent(profile, number);
      const restarted = await restartRotated(backend, activator, result.plan, rotated, next, events);
      if (restarted !== null) throw restarted;
      return done;
    }));
    if (request.enable !== undefined) await activator.enable!(next.settings, request.enable);
    return outcome;
  });
};

/**
 * Switches the backend's deployment back to the generation before the current one (passing
 * over failed ones), or to generation `request.to`, which becomes current once it is up.
 */
export const rollbackGeneration = async (request: RollbackRequest): Promise<SwitchOutcome> => {
  const { backend, events = {} } = request;
  const activator = activatorOf(backend);
  const profile = profileDir(request.libDir, backend.name);
  return withProfileLock(profile, async () => {
    await recover(backend, profile, events);
    const current = currentGeneration(profile);
    const target = request.to === undefined ? previousGeneration(profile) : listGenerations(profile).find((g) => String(g.number) === request.to);
    if (!target) throw new InputError(`there is no generation ${request.to}`, `list them with procform generations -P ${backend.name}`);
    const next = activationGeneration(target.path, backend.name);
    await requireManager(backend, next.settings, true);
    const previous = await deployedBefore(backend, next.settings, current);
    const document = readGeneration(target.path);
    const secrets = readSecrets(document);
    const accounts = await accountsFor(backend, { target: target.path, previous: current?.path ?? null, libDir: request.libDir, backend: backend.name }, events.note ?? noNotes);
    const rotated = await deliverSecrets(backend, secrets);
    return journaled(profile, current, target, async () => {
      events.note?.(`switching ${backend.name} to generation ${target.number}`);
      const result = await switchBackend(activator, previous, next, events, request.timeout);
      const done: SwitchOutcome = { backend: backend.name, number: target.number, generation: target.path, ...result };
      events.outcome?.(done);
      await settleCredentials(accounts, result);
      const failure = notUp(backend, result, previous === null);
      if (failure !== null) throw failure;
      settleSecrets(backend, next.settings, document);
      setCurrent(profile, target.number);
      const restarted = await restartRotated(backend, activator, result.plan, rotated, next, events);
      if (restarted !== null) throw restarted;
      return done;
    });
  });
};
