/**
 * `procform status` and `procform logs` of a supervisord deployment: supervisord's own
 * process table (`getAllProcessInfo`, what `supervisorctl status` prints, read over the
 * instance's socket as structured data) and its per-program log files.
 * @module
 */
import { ControlError } from '../../errors.js';
import type { ActivationGeneration } from '../../deploy/activator.js';
import { lastLinesOf, selectLogFiles, showLogFiles, type LogFile } from '../log-files.js';
import type { DeployedExit, DeployedProcessStatus, DeploymentStatus, LogOptions, LogSink } from '../../deploy/observation.js';
import { endedState, unknownProcess, upState } from '../status-rules.js';
import { readEntry } from './activate.js';
import type { SupervisordEntry } from './record.js';
import { answers, rpc, supervisordPaths } from './manager.js';

/** One row of `getAllProcessInfo`. */
interface Info {
  readonly name: string;
  readonly state: number;
  readonly start: number;
  readonly stop: number;
  readonly pid: number;
  readonly exitstatus: number;
  readonly spawnerr: string;
}

const STOPPED = 0;
const STARTING = 10;
const RUNNING = 20;
const BACKOFF = 30;
const STOPPING = 40;
const EXITED = 100;
const FATAL = 200;

const logFiles = (entry: SupervisordEntry, instance: string): LogFile[] => [
  { instance, path: entry.logs.stdout, stream: 'stdout' },
  { instance, path: entry.logs.stderr, stream: 'stderr' },
];

/**
 * The last exit supervisord recorded, read only while the program is not running (it
 * resets the status when it spawns the program again); a death by signal is -1, without
 * the signal.
 */
const lastExitOf = (info: Info): DeployedExit | null =>
  info.stop <= 0 || info.pid > 0 ? null : { code: info.exitstatus < 0 ? null : info.exitstatus, signal: info.exitstatus < 0 ? 'unknown' : null, at: info.stop * 1000 };

const processStatus = (instance: string, entryPath: string, entry: SupervisordEntry, info: Info | undefined): DeployedProcessStatus => {
  if (info === undefined) return unknownProcess(instance, entry.program, entryPath, `supervisord has no program ${entry.program}; procform switch -P supervisord installs it again`);
  const lastExit = lastExitOf(info);
  const base = { instance, name: entry.program, entry: entryPath, restarts: null, lastExit, lastLines: [] as string[] };
  const up = info.pid > 0 ? info.pid : null;
  switch (info.state) {
    // supervisord calls a program STARTING until it has run startsecs; it runs, and its
    // readiness is procform's, as for RUNNING.
    case STARTING:
    case RUNNING:
      return { ...base, ...upState(entry.readiness !== null), pid: up, since: info.start * 1000, reason: null };
    case BACKOFF:
      return { ...base, state: 'backoff', pid: null, since: null, ready: false, reason: info.spawnerr || null };
    case STOPPING:
      return { ...base, state: 'stopping', pid: up, since: info.start * 1000, ready: false, reason: null };
    case STOPPED:
      return { ...base, state: 'down', pid: null, since: null, ready: false, reason: null };
    case EXITED: {
      const ended = endedState(lastExit);
      return { ...base, ...ended, pid: null, since: null, ready: ended.state === 'exited' && entry.type === 'oneshot', lastLines: ended.state === 'failed' ? lastLinesOf(logFiles(entry, instance)) : [] };
    }
    case FATAL:
      return { ...base, state: 'failed', pid: null, since: null, ready: false, reason: `supervisord gave up starting it${info.spawnerr ? `: ${info.spawnerr}` : ''}`, lastLines: lastLinesOf(logFiles(entry, instance)) };
    default:
      return { ...base, state: 'unknown', pid: up, since: null, ready: null, reason: `supervisord reports state ${info.state}` };
  }
};

/** Every process of the deployed generation as supervisord sees it. */
export const status = async (generation: ActivationGeneration): Promise<DeploymentStatus> => {
  const paths = supervisordPaths(generation.settings);
  if (!(await answers(paths))) throw new ControlError('supervisord is not running for this state dir', 'start it with procform manager start supervisord, then procform switch -P supervisord starts the deployment again');
  const [pid, all] = await rpc(paths, [['supervisor.getPID', []], ['supervisor.getAllProcessInfo', []]]);
  if (all === undefined || !('ok' in all)) throw new ControlError(`supervisord did not list its processes${all && 'message' in all ? `: ${all.message}` : ''}`);
  const byName = new Map((all.ok as Info[]).map((info) => [info.name, info]));
  const processes = generation.units.map((unit) => {
    const entry = readEntry(unit.entry);
    return processStatus(unit.instance, unit.entry, entry, byName.get(entry.program));
  });
  return { pid: pid !== undefined && 'ok' in pid && typeof pid.ok === 'number' ? pid.ok : null, processes, unknown: ['restarts'] };
};

/** The programs' stdout and stderr log files (rotated by supervisord as `.1`, `.2`, …). */
export const logs = (generation: ActivationGeneration, instance: string | null, options: LogOptions, onLine: LogSink): Promise<void> =>
  showLogFiles(selectLogFiles(generation, instance, (name) => logFiles(readEntry(generation.units.find((u) => u.instance === name)!.entry), name)), options, onLine);
