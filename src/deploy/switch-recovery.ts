/**
 * Putting right what a switch whose procform was killed left: the profile's journal names
 * the switch, and the next command of the profile makes the current generation the one
 * that runs, whatever the backend.
 *
 * Which one that is depends on who carried the switch out. A manager that does it on its
 * own (procform's supervisor) went on after its procform died and brought the new
 * generation up or went back; what it runs now is recorded. On any other manager the
 * killed procform was the one stopping and starting, and it left a mix of both
 * generations, with nobody waiting for the new one to come up; the generation it came
 * from is put back, since that is the one known to have come up (and a switch is most
 * often killed because it hangs), then it stays current.
 * @module
 */
import type { ActivationEvents } from './activator.js';
import type { Backend } from './backend.js';
import { DeployError } from '../errors.js';
import { profileDir } from './profile-dir.js';
import { listGenerations, ProfileLockedError, setCurrent, withProfileLock } from './profiles.js';
import { startDeadlines } from './start-deadline.js';
import { activationGeneration, planSwitch } from './switch-backend.js';
import { clearJournal, readJournal, type SwitchJournal } from './switch-journal.js';

/** How the journal's switch is named in what is said about it. */
const cutShort = (journal: SwitchJournal): string =>
  `the switch from ${journal.from === null ? 'nothing deployed' : `generation ${journal.from.number}`} to ${journal.to.number} was cut short (procform pid ${journal.pid} ended)`;

const stays = (journal: SwitchJournal): string =>
  journal.from === null ? 'no generation is current' : `generation ${journal.from.number} stays current`;

/** Records what a manager that finished the switch on its own runs. */
const recordSettled = (profile: string, journal: SwitchJournal, runs: string | null, manager: string): string => {
  const found = runs === null ? undefined : [journal.to, ...(journal.from === null ? [] : [journal.from]), ...listGenerations(profile)].find((g) => g.path === runs);
  if (found === undefined) {
    return runs === null ? `${manager} runs no generation now; ${stays(journal)}` : `${manager} runs ${runs}, which is no generation of this profile; ${stays(journal)}`;
  }
  if (found.number === journal.from?.number) return `${manager} runs generation ${found.number}: it stays current`;
  setCurrent(profile, found.number);
  return `${manager} ${found.number === journal.to.number ? 'brought' : 'runs'} generation ${found.number}${found.number === journal.to.number ? ' up' : ''}: it is current now`;
};

/**
 * Makes the profile in `profile` name what runs after a switch whose procform was killed,
 * and returns what was done, in words; null when no switch was cut short. Runs under the
 * profile's lock: whoever wrote the journal is gone. With `wait` false (a command that
 * only looks), a manager still finishing the switch on its own is not waited for: the
 * journal stays, and the words say so.
 */
export const recoverSwitch = async (backend: Backend, profile: string, options: { readonly wait: boolean; readonly events?: ActivationEvents }): Promise<string | null> => {
  const journal = readJournal(profile);
  if (journal === null) return null;
  const to = activationGeneration(journal.to.path, backend.name);
  const manager = backend.manager;
  if (manager?.settled !== undefined) {
    const runs = await manager.settled(to.settings, options.wait);
    if (runs === undefined) return `${cutShort(journal)}; ${backend.name} is still bringing generation ${journal.to.number} up on its own, and the profile follows once it is done`;
    const done = recordSettled(profile, journal, runs, backend.name === 'embedded' ? 'the supervisor' : backend.name);
    clearJournal(profile);
    return `${cutShort(journal)} before it recorded its outcome; ${done}`;
  }
  if (manager !== undefined && !manager.startsOnDemand && !(await manager.isRunning(to.settings))) {
    return `${cutShort(journal)}; ${backend.name} is not running, so what it left cannot be put right yet: start it with procform manager start ${backend.name}`;
  }
  // From the half-applied state, planned as if the new generation ran whole: what only it
  // has stops, what changed restarts as the old generation has it, and the rest is started
  // where it is not running, as a failed switch goes back.
  const from = journal.from === null ? null : activationGeneration(journal.from.path, backend.name);
  const activator = backend.activator!;
  options.events?.note?.(`${cutShort(journal)}: putting ${journal.from === null ? 'nothing deployed' : `generation ${journal.from.number}`} back`);
  const plan = await planSwitch(activator, to, from);
  const result = await activator.apply(plan, to, from, { ...options.events, deadlines: startDeadlines(from?.units ?? []) });
  clearJournal(profile);
  if (result.failed.length > 0) {
    const reasons = result.failed.map((f) => `${f.instance}: ${f.reason}`).join('; ');
    throw new DeployError(`${cutShort(journal)} before it recorded its outcome, and putting back what ran before failed (${reasons}); ${stays(journal)}`, true);
  }
  return `${cutShort(journal)} before it recorded its outcome; ${journal.from === null ? 'what it started is stopped again' : `generation ${journal.from.number} runs again and stays current`}`;
};

/**
 * For a command that only looks at a deployment (`status`, `generations`): puts right a
 * switch that was cut short, as {@link recoverSwitch}, without waiting for a manager still
 * finishing one. Null when there was none, or a switch is running now.
 */
export const repairProfile = async (backend: Backend, libDir: string, events?: ActivationEvents): Promise<string | null> => {
  const profile = profileDir(libDir, backend.name);
  if (backend.activator === undefined || readJournal(profile) === null) return null;
  try {
    return await withProfileLock(profile, () => recoverSwitch(backend, profile, { wait: false, ...(events === undefined ? {} : { events }) }));
  } catch (error) {
    if (error instanceof ProfileLockedError) return null;
    throw error;
  }
};
