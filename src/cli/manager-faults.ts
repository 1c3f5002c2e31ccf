/**
 * After a command a manager carried out: what it reports as failing, as warnings. A
 * restart on a full disk succeeds, but the user must hear that it could not be recorded.
 * @module
 */
import type { Backend } from '../deploy/backend.js';
import type { BuildSettings } from '../generation/settings.js';
import { formatFaults } from './format-status.js';
import { painter } from './style.js';

/** Prints the manager's faults on stderr; says nothing when it has none, cannot tell, or does not answer. */
export const warnAboutFaults = async (backend: Backend, settings: BuildSettings): Promise<void> => {
  let faults;
  try {
    faults = (await backend.manager?.faults?.(settings)) ?? [];
  } catch {
    return;
  }
  for (const line of formatFaults(faults, painter(process.stderr))) process.stderr.write(`${line}\n`);
};
