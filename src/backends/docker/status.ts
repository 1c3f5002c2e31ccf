/**
 * `procform status` and `procform logs` of a docker deployment: `docker container inspect`
 * of each process's container (state, host pid, start, restart count, last exit) and
 * `docker logs`, which keeps stdout and stderr apart.
 * @module
 */
import { ControlError } from '../../errors.js';
import { checkNames } from '../../deploy/control-plan.js';
import type { ActivationGeneration } from '../../deploy/activator.js';
import type { DeployedExit, DeployedProcessStatus, DeploymentStatus, LogOptions, LogSink } from '../../deploy/observation.js';
import { endedState, upState } from '../status-rules.js';
import { streamLines } from '../stream-command.js';
import { readRecord } from './activate.js';
import { dockerCommand, engine } from './engine.js';
import type { DockerContainer } from './record.js';

/** What `docker container inspect` (and podman's) says that status needs. */
interface Inspected {
  readonly RestartCount?: number;
  readonly State?: {
    readonly Status?: string;
    readonly Running?: boolean;
    readonly Restarting?: boolean;
    readonly Pid?: number;
    readonly ExitCode?: number;
    readonly StartedAt?: string;
    readonly FinishedAt?: string;
  };
}

/** A time the engine printed, or null for its zero time ("0001-01-01…") and anything unreadable. */
const timeOf = (text: string | undefined): number | null => {
  const ms = text === undefined ? Number.NaN : Date.parse(text);
  return Number.isFinite(ms) && ms > 0 ? ms : null;
};

/** The containers' inspect records by name; a name the engine does not know is left out. */
const inspectAll = async (names: readonly string[]): Promise<Map<string, Inspected>> => {
  const found = new Map<string, Inspected>();
  for (const name of names) {
    const result = await engine(['container', 'inspect', '--', name]);
    if (result.code === 127 && /ENOENT/.test(result.stderr)) throw new ControlError(`cannot run ${dockerCommand()}`, 'install the engine, or set PROCFORM_DOCKER to its command (e.g. podman)');
    if (result.code === 0) found.set(name, (JSON.parse(result.stdout) as Inspected[])[0] ?? {});
  }
  return found;
};

const containerStatus = (instance: string, entry: string, record: DockerContainer, inspected: Inspected | undefined): DeployedProcessStatus => {
  // The container is `<deployment>-<process name>`.
  const base = { instance, name: record.name.slice(record.activation.deployment.length + 1), entry, lastLines: [] as string[] };
  // procform stop removes the container; the next start creates it again.
  if (inspected === undefined) return { ...base, state: 'down', pid: null, since: null, restarts: null, ready: false, lastExit: null, reason: null };
  const state = inspected.State ?? {};
  const restarts = inspected.RestartCount ?? null;
  if (state.Running === true && state.Restarting !== true) {
    return { ...base, ...upState(record.activation.readiness !== null), pid: state.Pid !== undefined && state.Pid > 0 ? state.Pid : null, since: timeOf(state.StartedAt), restarts, lastExit: null, reason: null };
  }
  const finished = timeOf(state.FinishedAt);
  const lastExit: DeployedExit | null = finished === null ? null : { code: state.ExitCode ?? null, signal: null, at: finished };
  const down = { ...base, pid: null, since: null, restarts, lastExit };
  if (state.Restarting === true) return { ...down, state: 'backoff', ready: false, reason: null };
  if (state.Status === 'created' || state.Status === 'configured') return { ...down, state: 'down', ready: false, reason: null };
  if (state.Status === 'exited' || state.Status === 'stopped') {
    const ended = endedState(lastExit);
    return { ...down, ...ended, ready: ended.state === 'exited' && record.activation.type === 'oneshot', reason: ended.reason === null ? null : `${ended.reason}; see ${dockerCommand()} logs ${record.name}` };
  }
  return { ...down, state: 'unknown', ready: null, reason: `the engine reports the container as ${state.Status ?? 'nothing'}` };
};

/** Every process of the deployed generation, as the engine sees its container. */
export const status = async (generation: ActivationGeneration): Promise<DeploymentStatus> => {
  const records = generation.units.map((unit) => ({ unit, record: readRecord(unit.entry) }));
  const inspected = await inspectAll(records.map(({ record }) => record.name));
  return { pid: null, processes: records.map(({ unit, record }) => containerStatus(unit.instance, unit.entry, record, inspected.get(record.name))), unknown: [] };
};

/** `docker logs --tail N [--follow]` of each container (one at a time, or side by side when following). */
export const logs = async (generation: ActivationGeneration, instance: string | null, options: LogOptions, onLine: LogSink): Promise<void> => {
  if (instance !== null) checkNames([instance], generation.units);
  const units = generation.units.filter((u) => instance === null || u.instance === instance);
  const one = async (unit: { instance: string; entry: string }): Promise<void> => {
    const { name } = readRecord(unit.entry);
    // A container procform stop removed has no logs; the engine's complaint is not the process's output.
    if (!(await inspectAll([name])).has(name)) return;
    const args = ['logs', `--tail=${options.lines}`, ...(options.follow ? ['--follow'] : []), '--', name];
    const result = await streamLines(dockerCommand(), args, (stream, text) => onLine({ instance: unit.instance, stream, text }), options.signal);
    if (result.code === 127) throw new ControlError(`cannot run ${dockerCommand()}: ${result.stderr}`, 'install the engine, or set PROCFORM_DOCKER to its command (e.g. podman)');
  };
  if (options.follow) await Promise.all(units.map(one));
  else for (const unit of units) await one(unit);
};
