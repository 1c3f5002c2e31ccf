/**
 * `procform status` and `procform logs` of a launchd deployment: `launchctl print` of each
 * job (state, pid, last exit code) and its StandardOutPath/StandardErrorPath files.
 * launchd only runs on macOS: here these are checked against a recording stand-in.
 * launchd prints no start time and no restart count.
 * @module
 */
import type { ActivationGeneration } from '../../deploy/activator.js';
import { lastLinesOf, selectLogFiles, showLogFiles, type LogFile } from '../log-files.js';
import type { DeployedProcessStatus, DeploymentStatus, LogOptions, LogSink } from '../../deploy/observation.js';
import { runCommand } from '../run-command.js';
import { endedState, upState } from '../status-rules.js';
import { entryJob, launchdDomain } from './activate.js';
import type { LaunchdJob } from './record.js';

const logFiles = (job: LaunchdJob): LogFile[] => [
  { instance: job.instance, path: job.plist.StandardOutPath, stream: 'stdout' },
  { instance: job.instance, path: job.plist.StandardErrorPath, stream: 'stderr' },
];

const jobStatus = async (job: LaunchdJob, entry: string): Promise<DeployedProcessStatus> => {
  const base = { instance: job.instance, name: job.name, entry, since: null, restarts: null, lastLines: [] as string[] };
  const print = await runCommand('launchctl', ['print', `${launchdDomain()}/${job.plist.Label}`], { timeoutSeconds: 30 });
  // Not loaded: procform stop booted it out (or it never was bootstrapped).
  if (print.code !== 0) return { ...base, state: 'down', pid: null, ready: false, lastExit: null, reason: null };
  const state = /^\s*state = (.+)$/m.exec(print.stdout)?.[1]?.trim();
  const pid = /^\s*pid = (\d+)/m.exec(print.stdout)?.[1];
  const code = /^\s*last exit code = (-?\d+)/m.exec(print.stdout)?.[1];
  // launchd tells the last exit's code, not when it happened.
  const lastExit = code === undefined ? null : { code: Number(code), signal: null, at: null };
  if (state === 'running' || (state === undefined && pid !== undefined)) {
    return { ...base, ...upState(job.readiness !== null), pid: pid === undefined ? null : Number(pid), lastExit: null, reason: null };
  }
  const ended = endedState(lastExit);
  return { ...base, ...ended, pid: null, ready: ended.state === 'exited' && job.type === 'oneshot', lastExit, lastLines: ended.state === 'failed' ? lastLinesOf(logFiles(job)) : [] };
};

/** Every job of the deployed generation, as launchd prints it. */
export const status = async (generation: ActivationGeneration): Promise<DeploymentStatus> => {
  const processes = await Promise.all(generation.units.map((unit) => jobStatus(entryJob(unit.entry), unit.entry)));
  return { pid: null, processes, unknown: ['since', 'restarts'] };
};

/** Each job's StandardOutPath and StandardErrorPath. */
export const logs = (generation: ActivationGeneration, instance: string | null, options: LogOptions, onLine: LogSink): Promise<void> =>
  showLogFiles(selectLogFiles(generation, instance, (name) => logFiles(entryJob(generation.units.find((u) => u.instance === name)!.entry))), options, onLine);
