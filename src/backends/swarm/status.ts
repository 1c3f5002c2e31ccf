/**
 * `procform status` and `procform logs` of a swarm deployment: each process's service,
 * its replicas running of desired and the states of the tasks Swarm keeps (newest first),
 * and `docker service logs`.
 * @module
 */
import { ControlError } from '../../errors.js';
import { checkNames } from '../../deploy/control-plan.js';
import type { ActivationGeneration } from '../../deploy/activator.js';
import type { DeployedProcessStatus, DeploymentStatus, LogOptions, LogSink } from '../../deploy/observation.js';
import { upState } from '../status-rules.js';
import { streamLines } from '../stream-command.js';
import { dockerCommand } from '../docker/index.js';
import { readRecord } from './activate.js';
import { inspectService, tasksOf, type TaskState } from './engine.js';
import { serviceName } from './names.js';
import type { SwarmService } from './record.js';

/** States of a task on its way to running. */
const STARTING = new Set(['new', 'pending', 'assigned', 'accepted', 'ready', 'preparing', 'starting']);

const taskText = (task: TaskState): string => `${task.state}${task.error === null ? '' : `: ${task.error}`}`;

const serviceStatus = async (instance: string, entry: string, record: SwarmService): Promise<DeployedProcessStatus> => {
  const name = serviceName(record.activation.stack, record.key);
  const base = { instance, name, entry, lastLines: [] as string[], restarts: null };
  const service = await inspectService(name);
  if (service === null) return { ...base, state: 'down', pid: null, since: null, ready: false, lastExit: null, reason: null, replicas: { running: 0, desired: 0 }, tasks: [] };
  const tasks = await tasksOf(name);
  const replicas = { running: tasks.filter((t) => t.state === 'running').length, desired: service.desired };
  const shown = { replicas, tasks: tasks.slice(0, 5).map(taskText) };
  const task = tasks[0];
  const ended = tasks.find((t) => t.exitCode !== null && t.state !== 'running');
  const lastExit = ended === undefined ? null : { code: ended.exitCode, signal: null, at: ended.since };
  const down = { ...base, ...shown, pid: null, since: null, lastExit };
  if (task === undefined) return { ...down, state: 'starting', ready: false, reason: null };
  if (task.state === 'running') return { ...base, ...shown, ...upState(record.activation.readiness !== null), pid: task.pid, since: task.since, lastExit, reason: null };
  if (STARTING.has(task.state)) return { ...down, state: 'starting', ready: false, reason: null };
  if (task.state === 'complete') {
    const oneshot = record.activation.type === 'oneshot';
    return { ...down, state: 'exited', ready: oneshot, reason: null };
  }
  // A failed task Swarm replaces (its desired state still running, or a newer one on the way).
  if (task.desiredState === 'running' || record.restart.condition !== 'none') return { ...down, state: 'backoff', ready: false, reason: task.error };
  return { ...down, state: 'failed', ready: false, reason: `${taskText(task)}; see ${dockerCommand()} service ps --no-trunc ${name}` };
};

/** Every process of the deployed generation, as Swarm sees its service. */
export const status = async (generation: ActivationGeneration): Promise<DeploymentStatus> => {
  const processes: DeployedProcessStatus[] = [];
  for (const unit of generation.units) processes.push(await serviceStatus(unit.instance, unit.entry, readRecord(unit.entry)));
  return { pid: null, processes, unknown: ['restarts'] };
};

/** `docker service logs --tail N [--follow]` of each service (one at a time, or side by side when following). */
export const logs = async (generation: ActivationGeneration, instance: string | null, options: LogOptions, onLine: LogSink): Promise<void> => {
  if (instance !== null) checkNames([instance], generation.units);
  const units = generation.units.filter((u) => instance === null || u.instance === instance);
  const one = async (unit: { instance: string; entry: string }): Promise<void> => {
    const record = readRecord(unit.entry);
    const name = serviceName(record.activation.stack, record.key);
    if ((await inspectService(name)) === null) return;
    const args = ['service', 'logs', '--raw', `--tail=${options.lines}`, ...(options.follow ? ['--follow'] : []), '--', name];
    const result = await streamLines(dockerCommand(), args, (stream, text) => onLine({ instance: unit.instance, stream, text }), options.signal);
    if (result.code === 127) throw new ControlError(`cannot run ${dockerCommand()}: ${result.stderr}`, 'install docker, or set PROCFORM_DOCKER to its command');
  };
  if (options.follow) await Promise.all(units.map(one));
  else for (const unit of units) await one(unit);
};
