/**
 * After a command the supervisor carried out: what it reports as failing, as warnings. A
 * restart on a full disk succeeds, but the user must hear that it could not be recorded.
 * @module
 */
import type { SupervisorControl } from '../supervisor/control.js';
import { formatFaults } from './format-status.js';
import { painter } from './style.js';

/** Prints the supervisor's faults on stderr; says nothing when it has none or does not answer. */
export const warnAboutFaults = async (control: SupervisorControl): Promise<void> => {
  let faults;
  try {
    faults = (await control.status()).faults ?? [];
  } catch {
    return;
  }
  for (const line of formatFaults(faults, painter(process.stderr))) process.stderr.write(`${line}\n`);
};
