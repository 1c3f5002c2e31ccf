/**
 * `switch` and `rollback` for backends driven through an activator (every backend but the
 * embedded supervisor, which has its own daemon): the same guarantees — plan by entry
 * hashes, users before start, the current generation moved only when the new one is up,
 * the previous one restored on failure.
 * @module
 */
import { ControlError, DeployError, InputError } from '../errors.js';
import type { ActivationEvents, ActivationGeneration } from '../deploy/activator.js';
import type { Backend } from '../deploy/backend.js';
import { computePlan, formatPlan } from '../deploy/plan.js';
import { planChanges } from '../deploy/plan-changes.js';
import { addGeneration, currentGeneration, failedUnlessCurrent, listGenerations, previousGeneration, setCurrent, withProfileLock } from '../deploy/profiles.js';
import { activationGeneration, activationOf, planSwitch, switchBackend } from '../deploy/switch-backend.js';
import type { BuildResult } from '../build/build.js';
import type { BaseParams } from '../model/evaluate.js';
import { ensureCredentials, previewCredentials, settleCredentials, type CredentialsStep, type CredentialsTarget } from './credentials-step.js';
import { builtView } from './build-generation.js';
import type { Plan } from '../deploy/plan-types.js';
import type { PlanChanges } from '../deploy/plan-changes.js';
import { checkDocumentStateVersions } from './state-versions.js';
import { readGeneration } from '../generation/read.js';
import { setEnabled } from '../backends/systemd/index.js';
import { profileDir } from './profile.js';
import type { Progress } from './progress.js';

const activatorOf = (backend: Backend) => {
  if (!backend.activator) throw new InputError(`the ${backend.name} backend only generates files; it cannot be switched`, `build them with procform build -P ${backend.name}`);
  return backend.activator;
};

const requireManager = async (backend: Backend, generation: ActivationGeneration | null): Promise<void> => {
  if (!backend.manager || !generation) return;
  if (!(await backend.manager.isRunning(generation.settings))) {
    throw new ControlError(`${backend.name} is not running for this state dir`, `start it with procform manager start ${backend.name}`);
  }
};

/** The flags of `switch` that shape a switch through an activator. */
export interface SwitchFlags {
  readonly dryRun?: boolean;
  readonly json?: boolean;
  readonly enable?: boolean;
  readonly migrate?: boolean;
  readonly timeout?: number;
}

/** What a dry run found. */
export interface DryRun {
  readonly plan: Plan;
  readonly changes: PlanChanges;
  /** The account commands the switch would run, and its notes; null where none are made. */
  readonly accounts: { readonly commands: readonly string[]; readonly notes: readonly string[] } | null;
  /** The manager commands, for activators that describe them. */
  readonly commands?: readonly string[];
}

/** Prints a dry run: the plan (and what would be run) on stdout, or one JSON document. */
export const printDryRun = ({ plan, changes, accounts, commands }: DryRun, json: boolean | undefined): void => {
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...plan, changes, ...(commands ? { commands } : {}), ...(accounts ? { accounts: accounts.commands } : {}) })}\n`);
    return;
  }
  const lines = [formatPlan(plan, changes), ...(accounts?.commands.map((c) => `account ${c}`) ?? []), ...(commands ?? [])];
  process.stdout.write(`${lines.join('\n')}\n`);
};

/** Reports each start and stop of a switch as it finishes, and the way back if there is one. */
export const switchEvents = (report: Progress): ActivationEvents => ({
  step: ({ kind, instance, reason, ms }) => report.step(reason === null
    ? `${kind === 'start' ? 'started' : 'stopped'} ${instance} (${ms} ms)`
    : `${instance} ${kind === 'start' ? 'did not come up' : 'did not stop'}: ${reason}`),
  note: (text) => report.step(text),
});

/** What a failed switch left behind, in words. */
export const afterFailure = (rolledBack: boolean, nothingBefore: boolean): string =>
  nothingBefore
    ? rolledBack ? 'nothing was deployed before, and what was started is stopped again' : 'stopping what was started failed too'
    : rolledBack ? 'the previous generation runs again and stays current' : 'restoring the previous generation failed too';

/** The accounts step of a switch or rollback; none for Kubernetes, whose containers run by numeric id on the cluster's nodes. */
const credentialsFor = (backend: Backend, deployment: CredentialsTarget, report: Progress): Promise<CredentialsStep> =>
  backend.name === 'kubernetes' ? Promise.resolve({ removeObsolete: async () => {}, undo: async () => {} }) : ensureCredentials(deployment, report);

const finish = (backend: Backend, failed: readonly { instance: string; reason: string }[], rolledBack: boolean, nothingBefore: boolean): void => {
  if (failed.length === 0) return;
  const reasons = failed.map((f) => `${f.instance}: ${f.reason}`).join('; ');
  throw new DeployError(`the new generation did not come up on ${backend.name} (${reasons}); ${afterFailure(rolledBack, nothingBefore)}`, !rolledBack);
};

/** Switches a backend's manager to a built generation (or to nothing, with `built` null). */
export const switchWithActivator = async (backend: Backend, built: BuildResult, params: BaseParams, report: Progress, options: SwitchFlags): Promise<void> => {
  const activator = activatorOf(backend);
  if (options.enable !== undefined && backend.name !== 'systemd') throw new InputError(`--enable and --no-enable apply to the systemd backend only, not ${backend.name}`);
  const profile = profileDir(params.libDir, backend.name);
  const current = currentGeneration(profile);
  const previous = current ? activationGeneration(current.path, backend.name) : null;
  if (options.dryRun) {
    // Every check of the real switch, on the build in memory: nothing is written.
    const view = builtView(built);
    const next = activationOf(built.generation.path, view.document, backend.name);
    await requireManager(backend, next);
    checkDocumentStateVersions(current ? readGeneration(current.path) : null, view.document, options.migrate === true);
    const accounts = backend.name === 'kubernetes' ? null : previewCredentials({ next: view.document.credentials, previous: current?.path ?? null, libDir: params.libDir, backend: backend.name });
    // An activator that describes its commands is planned offline: what the previous generation ran is taken as running.
    const plan = activator.describe
      ? computePlan(previous?.units ?? null, next.units, new Set(previous?.units.map((u) => u.instance) ?? []))
      : await planSwitch(activator, previous, next);
    const commands = activator.describe?.(plan, previous, next);
    printDryRun({ plan, changes: planChanges(plan, previous?.units ?? null, next.units, view.read), accounts, commands }, options.json);
    return;
  }
  const next = activationGeneration(built.generation.path, backend.name);
  await requireManager(backend, next);
  await withProfileLock(profile, async () => {
    checkDocumentStateVersions(current ? readGeneration(current.path) : null, readGeneration(built.generation.path), options.migrate === true);
    // Kubernetes runs processes in containers by numeric id, on the cluster's nodes: no local accounts.
    const credentials = await credentialsFor(backend, { target: built.generation.path, previous: current?.path ?? null, libDir: params.libDir, backend: backend.name }, report);
    const number = addGeneration(profile, built.generation.path);
    report.step(`switching ${backend.name} to generation ${number}`);
    const result = await failedUnlessCurrent(profile, number, async () => {
      const outcome = await switchBackend(activator, previous, next, switchEvents(report), options.timeout);
      if (options.json) process.stdout.write(`${JSON.stringify({ backend: backend.name, number, generation: built.generation.path, plan: outcome.plan, failed: outcome.failed, rolledBack: outcome.rolledBack })}\n`);
      await settleCredentials(credentials, outcome);
      finish(backend, outcome.failed, outcome.rolledBack, previous === null);
      setCurrent(profile, number);
      return outcome;
    });
    if (options.enable !== undefined) await setEnabled(next.settings, options.enable);
    report.done(`stopped ${result.plan.stop.length}, started ${result.plan.start.length}, kept ${result.plan.keep.length}${options.enable === undefined ? '' : options.enable ? ', enabled for boot' : ', disabled for boot'}`);
    if (!options.json) process.stdout.write(`${built.generation.path}\n`);
  });
};

/** Rolls a backend's manager back to the previous generation, or to generation `to`. */
export const rollbackWithActivator = async (backend: Backend, libDir: string, to: string | undefined, report: Progress, timeout?: number): Promise<void> => {
  const activator = activatorOf(backend);
  const profile = profileDir(libDir, backend.name);
  await withProfileLock(profile, async () => {
    const current = currentGeneration(profile);
    const target = to === undefined ? previousGeneration(profile) : listGenerations(profile).find((g) => String(g.number) === to);
    if (!target) throw new InputError(`there is no generation ${to}`, `list them with procform generations -P ${backend.name}`);
    const next = activationGeneration(target.path, backend.name);
    await requireManager(backend, next);
    const credentials = await credentialsFor(backend, { target: target.path, previous: current?.path ?? null, libDir, backend: backend.name }, report);
    report.step(`switching ${backend.name} to generation ${target.number}`);
    const result = await switchBackend(activator, current ? activationGeneration(current.path, backend.name) : null, next, switchEvents(report), timeout);
    await settleCredentials(credentials, result);
    finish(backend, result.failed, result.rolledBack, current === null);
    setCurrent(profile, target.number);
    report.done(`stopped ${result.plan.stop.length}, started ${result.plan.start.length}, kept ${result.plan.keep.length}`);
  });
};
