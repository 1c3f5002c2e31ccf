/**
 * `procform sysvinit run start|stop`: runs an activity on every installed init script in
 * dependency order, like nix-processmgmt's nixproc-sysvinit-runactivity. The order comes
 * from the scripts' sequence numbers (`X-Start-Sequence`/`X-Stop-Sequence` in their
 * headers): start ascending by start sequence, stop ascending by stop sequence (dependents
 * first). `start` waits for each process's readiness before the next one starts.
 * @module
 */
import type { BuildSettings } from '../../generation/settings.js';
import { installedScripts, runScript, startAndWait, type InstalledScript } from './activate.js';

/** An activity the scripts understand. */
export type Activity = 'start' | 'stop' | 'restart' | 'reload' | 'status';

/** What happened to one script. */
export interface ActivityOutcome {
  readonly name: string;
  readonly instance: string;
  readonly ok: boolean;
  readonly message: string;
}

/** The installed scripts in the order `activity` runs them. */
export const activityOrder = (scripts: readonly InstalledScript[], activity: Activity): InstalledScript[] => {
  const stopping = activity === 'stop';
  const key = (s: InstalledScript): number => (stopping ? s.record.stopSequence : s.record.startSequence);
  return [...scripts].sort((a, b) => key(a) - key(b) || (a.record.name < b.record.name ? -1 : a.record.name > b.record.name ? 1 : 0) * (stopping ? -1 : 1));
};

/** Runs `activity` on every installed script, in dependency order. */
export const runActivity = async (settings: BuildSettings, activity: Activity): Promise<ActivityOutcome[]> => {
  const outcomes: ActivityOutcome[] = [];
  for (const installed of activityOrder([...installedScripts(settings).values()], activity)) {
    const { name, instance } = installed.record;
    if (activity === 'start') {
      const problem = await startAndWait(installed);
      outcomes.push({ name, instance, ok: problem === null, message: problem ?? `started ${name}` });
    } else {
      const run = await runScript(installed.script, activity, installed.record.stopTimeout + 30);
      outcomes.push({ name, instance, ok: run.code === 0, message: run.output });
    }
  }
  return outcomes;
};
