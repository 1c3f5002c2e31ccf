/**
 * The secrets steps of a switch and a rollback, whatever the backend: the files written
 * before the plan is applied, the processes the plan kept although their values changed
 * restarted after it, and the files no process reads any more removed once it is current.
 * @module
 */
import { dirname } from 'node:path';
import { DeployError } from '../errors.js';
import type { GenerationDocument } from '../generation/document.js';
import type { BuildSettings } from '../generation/settings.js';
import { secretsFile } from '../model/normalize.js';
import type { ActivationEvents, ActivationGeneration, Activator } from './activator.js';
import type { Backend } from './backend.js';
import { controlThroughApply } from './control-backend.js';
import type { Plan } from './plan-types.js';
import { removeStaleSecrets, writeSecrets, type ReadSecrets } from './secrets.js';

/**
 * Writes the secrets files; the processes whose values changed. They are owned by each
 * process's user when root deploys processes that run on this machine; otherwise by the
 * deployer, who is then the only one that reads them.
 */
export const deliverSecrets = (backend: Backend, secrets: readonly ReadSecrets[]): Promise<ReadonlySet<string>> =>
  writeSecrets(secrets, backend.localAccounts !== false && process.getuid?.() === 0);

/**
 * Restarts the processes the plan kept running although their secrets changed; the error
 * when one does not come up again, null when all did (or none was to restart).
 */
export const restartRotated = async (
  backend: Backend, activator: Activator, plan: Plan, rotated: ReadonlySet<string>, generation: ActivationGeneration, events: ActivationEvents,
): Promise<DeployError | null> => {
  const kept = plan.keep.filter((instance) => rotated.has(instance));
  if (kept.length === 0) return null;
  events.note?.(`restarting ${kept.join(', ')}: their secrets changed`);
  const result = activator.control
    ? await activator.control('restart', kept, generation, events)
    : await controlThroughApply(activator, 'restart', kept, generation, events);
  if (result.failed.length === 0) return null;
  const reasons = result.failed.map((f) => `${f.instance}: ${f.reason}`).join('; ');
  return new DeployError(`the generation runs on ${backend.name}, but processes restarted for their changed secrets did not come up (${reasons})`, true, { hint: 'fix the secret and switch again, or procform restart NAME' });
};

/** Removes the secrets files of the backend's deployment that `document` does not read. */
export const settleSecrets = (backend: Backend, settings: BuildSettings, document: GenerationDocument): void =>
  removeStaleSecrets([dirname(secretsFile(settings.libDir, backend.name, '_'))], document);
