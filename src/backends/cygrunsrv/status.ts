/**
 * `procform status` and `procform logs` of a cygrunsrv deployment: `cygrunsrv --query` of
 * each Windows service and its `--stdout`/`--stderr` files. Written for Cygwin: here these
 * are checked against a recording stand-in. The service manager's answer has no pid, start
 * time, restart count or exit status that procform reads.
 * @module
 */
import type { ActivationGeneration } from '../../deploy/activator.js';
import { selectLogFiles, showLogFiles, type LogFile } from '../log-files.js';
import type { DeployedProcessStatus, DeploymentStatus, LogOptions, LogSink } from '../../deploy/observation.js';
import { runCommand } from '../run-command.js';
import { upState } from '../status-rules.js';
import { cygrunsrvRecordFile, type CygrunsrvService } from './record.js';
import { readRecordFile } from '../../deploy/record-file.js';

const readRecord = (entry: string): CygrunsrvService => readRecordFile(entry, cygrunsrvRecordFile);

const logFiles = (record: CygrunsrvService): LogFile[] => [
  { instance: record.instance, path: record.stdout, stream: 'stdout' },
  { instance: record.instance, path: record.stderr, stream: 'stderr' },
];

const serviceStatus = async (record: CygrunsrvService, entry: string): Promise<DeployedProcessStatus> => {
  const base = { instance: record.instance, name: record.name, entry, pid: null, since: null, restarts: null, lastExit: null, lastLines: [] as string[] };
  const query = await runCommand('cygrunsrv', ['--query', record.serviceName], { timeoutSeconds: 30 });
  if (query.code !== 0) return { ...base, state: 'unknown', ready: null, reason: `cygrunsrv --query ${record.serviceName}: ${query.output || `exit ${query.code}`}; procform switch -P cygrunsrv installs it again` };
  const state = /^Current State\s*:\s*(.+?)\s*$/m.exec(query.output)?.[1];
  if (state === 'Running') return { ...base, ...upState(record.readiness !== null), reason: null };
  if (state === 'Stopped') return { ...base, state: 'down', ready: false, reason: null };
  if (state === 'Start Pending') return { ...base, state: 'starting', ready: false, reason: null };
  if (state === 'Stop Pending') return { ...base, state: 'stopping', ready: false, reason: null };
  return { ...base, state: 'unknown', ready: null, reason: `cygrunsrv reports ${state ?? 'no state'}` };
};

/** Every process of the deployed generation, as the service manager reports its service. */
export const status = async (generation: ActivationGeneration): Promise<DeploymentStatus> => {
  const processes = await Promise.all(generation.units.map((unit) => serviceStatus(readRecord(unit.entry), unit.entry)));
  return { pid: null, processes, unknown: ['pid', 'since', 'restarts', 'lastExit'] };
};

/** Each service's stdout and stderr files. */
export const logs = (generation: ActivationGeneration, instance: string | null, options: LogOptions, onLine: LogSink): Promise<void> =>
  showLogFiles(selectLogFiles(generation, instance, (name) => logFiles(readRecord(generation.units.find((u) => u.instance === name)!.entry))), options, onLine);
