/**
 * Before a command that only looks at a deployment: putting right a switch whose
 * procform was killed, so that what the command shows is what runs.
 * @module
 */
import { backendByName, BACKENDS } from '../backends/registry.js';
import type { Backend } from '../deploy/backend.js';
import { repairProfile } from '../deploy/switch-recovery.js';
import { progress } from './progress.js';
import { progressEvents, reportRepair } from './switch-report.js';
import { resolveParams, type ModelOptions } from './params.js';
import { requireTrustedDirectories } from './trusted-dirs.js';

/** Puts right a switch of `backend`'s profile that was cut short, and says so; its progress unless `quiet`. */
export const repairBeforeLooking = async (backend: Backend, libDir: string, quiet: boolean | undefined): Promise<void> => {
  const repaired = await repairProfile(backend, libDir, progressEvents(progress(quiet)));
  if (repaired !== null) reportRepair(repaired);
};

/** The same for the deployment `-P` names, or for every deployment of the state dir without it (`status`). */
export const repairDeployments = async (options: ModelOptions & { readonly json?: boolean }): Promise<void> => {
  requireTrustedDirectories(options);
  const { libDir } = resolveParams(options, {});
  const named = options.processManager ?? process.env.PROCFORM_PROCESS_MANAGER;
  for (const backend of named === undefined ? BACKENDS.values() : [backendByName(named)]) await repairBeforeLooking(backend, libDir, options.json);
};
