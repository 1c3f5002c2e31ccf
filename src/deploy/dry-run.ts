/**
 * `switch --dry-run` on every backend: every check of the real switch (the manager, the
 * state versions, the accounts) on a build that may exist only in memory, and the plan it
 * would carry out. Nothing is written and nothing is started.
 * @module
 */
import type { GenerationDocument } from '../generation/document.js';
import { readGeneration } from '../generation/read.js';
import type { FileSet } from '../store/file-set.js';
import type { Backend } from './backend.js';
import { previewCredentials } from './credentials-step.js';
import { computePlan } from './plan.js';
import { planChanges, type PlanChanges } from './plan-changes.js';
import type { Plan } from './plan-types.js';
import { profileDir } from './profile-dir.js';
import { currentGeneration } from './profiles.js';
import { checkStateVersions } from './state-versions.js';
import { activationOf, planSwitch } from './switch-backend.js';
import { activatorOf, deployedBefore, requireEnable, requireManager } from './switch-steps.js';

/** A build as a dry run sees it: written to the store or not. */
export interface UnwrittenGeneration {
  /** The store path the generation has, or would have once written. */
  readonly path: string;
  readonly document: GenerationDocument;
  /** The files of an entry of this build, or of one already in the store. */
  readonly read: (entry: string) => FileSet;
}

/** What a dry run asks. */
export interface DryRunRequest {
  readonly backend: Backend;
  readonly libDir: string;
  readonly generation: UnwrittenGeneration;
  readonly migrate?: boolean;
  readonly enable?: boolean;
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

/** Plans the switch to `request.generation` as the real switch would, and refuses what it would refuse. */
export const dryRunSwitch = async (request: DryRunRequest): Promise<DryRun> => {
  const { backend, generation } = request;
  const activator = activatorOf(backend);
  requireEnable(backend, activator, request.enable);
  const next = activationOf(generation.path, generation.document, backend.name);
  await requireManager(backend, next.settings, false);
  const current = currentGeneration(profileDir(request.libDir, backend.name));
  const previous = await deployedBefore(backend, next.settings, current);
  checkStateVersions(previous && readGeneration(previous.path), generation.document, request.migrate === true);
  const accounts = backend.localAccounts === false
    ? null
    : previewCredentials({ next: generation.document.credentials, previous: current?.path ?? null, libDir: request.libDir, backend: backend.name });
  // An activator that describes its commands is planned offline: what the previous generation ran is taken as running.
  const plan = activator.describe
    ? computePlan(previous?.units ?? null, next.units, new Set(previous?.units.map((u) => u.instance) ?? []))
    : await planSwitch(activator, previous, next);
  const commands = activator.describe?.(plan, previous, next);
  return { plan, changes: planChanges(plan, previous?.units ?? null, next.units, generation.read), accounts, ...(commands ? { commands } : {}) };
};
