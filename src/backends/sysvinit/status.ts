/**
 * `procform status` and `procform logs` of a sysvinit deployment. There is no daemon to
 * ask: each init script's own `status` says whether its process runs (LSB exit codes), the
 * pid file names it, /proc says since when, and the script's log file holds its output.
 * sysvinit never restarts a process, so the restart count is 0; it keeps no exit status.
 * @module
 */
import type { ActivationGeneration } from '../../deploy/activator.js';
import { lastLinesOf, selectLogFiles, showLogFiles, type LogFile } from '../log-files.js';
import type { DeployedProcessStatus, DeploymentStatus, LogOptions, LogSink } from '../../deploy/observation.js';
import { livePidFromFile, processStartedAt } from '../process-facts.js';
import { upState } from '../status-rules.js';
import { entryScript, runScript, type InstalledScript } from './activate.js';

const logFile = ({ record }: InstalledScript): LogFile => ({ instance: record.instance, path: record.logFile, stream: 'stdout' });

const scriptStatus = async (installed: InstalledScript, entry: string): Promise<DeployedProcessStatus> => {
  const { record } = installed;
  const run = await runScript(installed.script, 'status', 30);
  const base = { instance: record.instance, name: record.name, entry, restarts: 0, lastExit: null, lastLines: [] as string[] };
  if (record.type === 'oneshot') {
    return run.code === 0
      ? { ...base, state: 'exited', pid: null, since: null, ready: true, reason: null }
      : { ...base, state: 'down', pid: null, since: null, ready: false, reason: null };
  }
  if (run.code === 0) {
    const pid = livePidFromFile(record.pidFile);
    return { ...base, ...upState(record.readiness !== null), pid, since: pid === null ? null : processStartedAt(pid), reason: null };
  }
  // LSB 1: the pid file is there but its process is not: it ended without being stopped.
  if (run.code === 1) {
    return { ...base, state: 'failed', pid: null, since: null, ready: false, reason: `it ended without being stopped (${run.output}); sysvinit does not restart it, procform start or the next switch does`, lastLines: lastLinesOf([logFile(installed)]) };
  }
  if (run.code === 3) return { ...base, state: 'down', pid: null, since: null, ready: false, reason: null };
  return { ...base, state: 'unknown', pid: null, since: null, ready: null, reason: `${installed.script} status exited with ${run.code ?? 'a signal'}${run.output === '' ? '' : `: ${run.output}`}` };
};

/** Every process of the deployed generation, as its init script reports it. */
export const status = async (generation: ActivationGeneration): Promise<DeploymentStatus> => {
  const processes = await Promise.all(generation.units.map((unit) => scriptStatus(entryScript(unit.entry), unit.entry)));
  return { pid: null, processes, unknown: ['lastExit'] };
};

/** Each script's log file (the process's stdout and stderr, appended by start-stop-daemon). */
export const logs = (generation: ActivationGeneration, instance: string | null, options: LogOptions, onLine: LogSink): Promise<void> =>
  showLogFiles(selectLogFiles(generation, instance, (name) => [logFile(entryScript(generation.units.find((u) => u.instance === name)!.entry))]), options, onLine);
