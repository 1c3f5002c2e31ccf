/**
 * `procform status` and `procform logs` of a BSD rc deployment: `service NAME onestatus`
 * of each script (rc.subr reads its pid file) and the process's log file (daemon(8) -o).
 * Only meaningful on FreeBSD: here these are checked against stand-ins. rc.subr keeps no
 * start time, no restart count (daemon -r restarts silently) and no exit status.
 * @module
 */
import type { ActivationGeneration } from '../../deploy/activator.js';
import { selectLogFiles, showLogFiles, type LogFile } from '../log-files.js';
import type { DeployedProcessStatus, DeploymentStatus, LogOptions, LogSink } from '../../deploy/observation.js';
import { livePidFromFile } from '../process-facts.js';
import { upState } from '../status-rules.js';
import { entryScript, runService } from './activate.js';
import type { BsdrcScript } from './record.js';

const logFile = (record: BsdrcScript): LogFile => ({ instance: record.instance, path: record.logFile, stream: 'stdout' });

const scriptStatus = async (record: BsdrcScript, entry: string): Promise<DeployedProcessStatus> => {
  const base = { instance: record.instance, name: record.name, entry, since: null, restarts: null, lastExit: null, lastLines: [] as string[] };
  // rc.subr has no status for a oneshot: it ran when it was started.
  if (record.type === 'oneshot') return { ...base, state: 'unknown', pid: null, ready: null, reason: 'rc.subr keeps no status of a oneshot' };
  const run = await runService(record.name, 'onestatus', 30);
  if (run.code !== 0) return { ...base, state: 'down', pid: null, ready: false, reason: null };
  // "NAME is running as pid N." names rc.subr's pid file's process: daemon(8) for a foreground process.
  const reported = /pid (\d+)/.exec(run.output)?.[1];
  const pid = livePidFromFile(record.childPidFile) ?? (reported === undefined ? null : Number(reported));
  return { ...base, ...upState(record.readiness !== null), pid, reason: null };
};

/** Every process of the deployed generation, as its rc.d script reports it. */
export const status = async (generation: ActivationGeneration): Promise<DeploymentStatus> => {
  const processes = await Promise.all(generation.units.map((unit) => scriptStatus(entryScript(unit.entry).record, unit.entry)));
  return { pid: null, processes, unknown: ['since', 'restarts', 'lastExit'] };
};

/** Each process's log file. */
export const logs = (generation: ActivationGeneration, instance: string | null, options: LogOptions, onLine: LogSink): Promise<void> =>
  showLogFiles(selectLogFiles(generation, instance, (name) => [logFile(entryScript(generation.units.find((u) => u.instance === name)!.entry).record)]), options, onLine);
