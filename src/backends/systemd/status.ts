/**
 * `procform status` and `procform logs` of a systemd deployment: `systemctl show` of each
 * unit (state, main pid, start time, systemd's restart count, the main process's exit) and
 * the units' `append:` log files. procform's units send their output to those files, not
 * to the journal, so `journalctl` has nothing of theirs.
 * @module
 */
import { constants } from 'node:os';
import type { ActivationGeneration } from '../../deploy/activator.js';
import { lastLinesOf, selectLogFiles, showLogFiles, type LogFile } from '../log-files.js';
import type { DeployedExit, DeployedProcessStatus, DeploymentStatus, LogOptions, LogSink } from '../../deploy/observation.js';
import { unknownProcess, upState } from '../status-rules.js';
import { systemctl } from './activate.js';
import { userMode } from './translate.js';
import { systemdRecordFile, type SystemdActivation } from './record.js';
import { readRecordFile } from '../../deploy/record-file.js';

const PROPERTIES = ['ActiveState', 'SubState', 'Result', 'MainPID', 'NRestarts', 'ExecMainStartTimestamp', 'ExecMainExitTimestamp', 'ExecMainCode', 'ExecMainStatus'];

/** ExecMainCode: how the main process ended (CLD_* of waitid). */
const CLD_EXITED = 1;

const readEntry = (entry: string): SystemdActivation => readRecordFile(entry, systemdRecordFile);

const logFiles = (entry: SystemdActivation): LogFile[] => [
  { instance: entry.instance, path: entry.logs.stdout, stream: 'stdout' },
  { instance: entry.instance, path: entry.logs.stderr, stream: 'stderr' },
];

/** A `--timestamp=unix` value ("@1700000000"), or null when empty. */
const unixTime = (value: string | undefined): number | null => (value !== undefined && /^@\d+$/.test(value) ? Number(value.slice(1)) * 1000 : null);

const signalName = (number: number): string => Object.entries(constants.signals).find(([, n]) => n === number)?.[0] ?? `signal ${number}`;

/** The main process's last exit, once it has one. */
const lastExitOf = (values: Record<string, string>): DeployedExit | null => {
  const at = unixTime(values.ExecMainExitTimestamp);
  if (at === null) return null;
  const status = Number(values.ExecMainStatus);
  return Number(values.ExecMainCode) === CLD_EXITED ? { code: status, signal: null, at } : { code: null, signal: signalName(status), at };
};

// A unit that waits for its readiness itself is active only once ready; of others systemd cannot tell.
const readinessUnknown = (entry: SystemdActivation): boolean => entry.readiness !== null && entry.readinessInUnit !== true;

const unitStatus = async (user: boolean, entryPath: string, entry: SystemdActivation): Promise<DeployedProcessStatus> => {
  const name = entry.unit.replace(/^procform-/, '').replace(/\.service$/, '');
  let out: string;
  try {
    out = await systemctl(user, ['show', '--timestamp=unix', '-p', PROPERTIES.join(','), '--', entry.unit], 30_000);
  } catch (error) {
    return unknownProcess(entry.instance, name, entryPath, (error as Error).message);
  }
  const values = Object.fromEntries(out.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  const restarts = Number.parseInt(values.NRestarts ?? '', 10);
  const pid = Number(values.MainPID ?? 0);
  const lastExit = lastExitOf(values);
  const base = { instance: entry.instance, name, entry: entryPath, restarts: Number.isInteger(restarts) ? restarts : null, lastLines: [] as string[] };
  const down = { ...base, pid: null, since: null, lastExit };
  const running = { ...base, pid: pid > 0 ? pid : null, since: unixTime(values.ExecMainStartTimestamp), lastExit: null };
  switch (values.ActiveState) {
    case 'active':
      // A oneshot stays active after it succeeded (RemainAfterExit=yes).
      return entry.type === 'oneshot' ? { ...down, state: 'exited', ready: true, reason: null } : { ...running, ...upState(readinessUnknown(entry)), reason: null };
    case 'reloading':
      return { ...running, ...upState(readinessUnknown(entry)), reason: null };
    case 'activating':
      return values.SubState === 'auto-restart' ? { ...down, state: 'backoff', ready: false, reason: null } : { ...running, state: 'starting', ready: false, reason: null };
    case 'deactivating':
      return { ...running, state: 'stopping', ready: false, reason: null };
    case 'failed':
      return { ...down, state: 'failed', ready: false, reason: `systemd: ${values.Result ?? 'failed'}`, lastLines: lastLinesOf(logFiles(entry)) };
    case 'inactive':
      return { ...down, state: 'down', ready: false, reason: null };
    default:
      return { ...down, state: 'unknown', ready: null, reason: `systemd reports ${values.ActiveState ?? 'no state'}` };
  }
};

/** Every process of the deployed generation, as the systemd manager sees its unit. */
export const status = async (generation: ActivationGeneration): Promise<DeploymentStatus> => {
  const user = userMode(generation.settings);
  const processes = await Promise.all(generation.units.map((unit) => unitStatus(user, unit.entry, readEntry(unit.entry))));
  return { pid: null, processes, unknown: [] };
};

/** Each unit's stdout and stderr files. */
export const logs = (generation: ActivationGeneration, instance: string | null, options: LogOptions, onLine: LogSink): Promise<void> =>
  showLogFiles(selectLogFiles(generation, instance, (name) => logFiles(readEntry(generation.units.find((u) => u.instance === name)!.entry))), options, onLine);
