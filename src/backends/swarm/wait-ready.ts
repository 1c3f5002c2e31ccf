/**
 * Waiting until a deployed service can serve its dependents: first until a task of the
 * new deployment runs (or, for a oneshot, completed), then procform's probe: tcp and http
 * from this node (the host network, or the port published on 127.0.0.1), exec through
 * `docker exec` in the task's container, log lines from `docker service logs`. The task
 * and its container must be on this node for exec readiness: a one-node swarm, or the
 * manager the switch runs on.
 * @module
 */
import type { Readiness } from '../../model/readiness.js';
import { probeWhileUp } from '../probe-while-up.js';
import { followCommand } from '../stream-command.js';
import { dockerCommand, type ContainerAccounts } from '../docker/index.js';
import { tasksOf, type TaskState } from './engine.js';
import type { SwarmService } from './record.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Task states after which the task never runs again. */
const ENDED = new Set(['complete', 'failed', 'shutdown', 'rejected', 'orphaned', 'remove']);

const describeTask = (task: TaskState): string =>
  `task ${task.id.slice(0, 12)} is ${task.state}${task.exitCode !== null && task.exitCode !== 0 ? ` (exit code ${task.exitCode})` : ''}${task.error === null ? '' : `: ${task.error}`}`;

/** Output lines of the service's tasks from `since` on, by stream. */
const followLogs = (service: string, since: number) =>
  followCommand(dockerCommand(), ['service', 'logs', '--follow', '--raw', `--since=${new Date(since).toISOString()}`, '--', service]);

const hostSide = (record: SwarmService, readiness: Readiness, task: TaskState, accounts: ContainerAccounts | null): Readiness => {
  switch (readiness.kind) {
    case 'tcp':
    case 'http':
      return record.network === 'overlay' ? { ...readiness, host: '127.0.0.1' } : readiness;
    case 'exec': {
      const runAs = accounts?.runAs ?? null;
      return { ...readiness, command: [dockerCommand(), 'exec', ...(runAs === null ? [] : [`--user=${runAs.uid}:${runAs.gid}`]), '--', task.containerId ?? '', ...readiness.command] };
    }
    default:
      return readiness;
  }
};

/**
 * The newest task not in `before` once it runs (or completed, for a oneshot), or why
 * there is none within `timeoutSeconds`: a task that ended is final only when Swarm does not
 * restart it.
 */
const newTask = async (record: SwarmService, service: string, before: ReadonlySet<string>, timeoutSeconds: number): Promise<TaskState | string> => {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const oneshot = record.activation.type === 'oneshot';
  let last: TaskState | undefined;
  for (;;) {
    const task = (await tasksOf(service)).find((t) => !before.has(t.id));
    last = task ?? last;
    if (task !== undefined) {
      if (task.state === 'running' && !oneshot) return task;
      if (task.state === 'complete' && oneshot) return task;
      if (ENDED.has(task.state) && record.restart.condition === 'none') return describeTask(task);
      if (task.state === 'complete' && record.restart.condition !== 'any') return describeTask(task);
    }
    if (Date.now() > deadline) return `no task of ${service} ${oneshot ? 'completed' : 'runs'} after ${timeoutSeconds} s${last === undefined ? '' : `; ${describeTask(last)}`}`;
    await sleep(300);
  }
};

/** Resolves with null once the service is ready, or with why it is not. */
export const waitReady = async (record: SwarmService, service: string, before: ReadonlySet<string>, accounts: ContainerAccounts | null, timeoutSeconds: number): Promise<string | null> => {
  const task = await newTask(record, service, before, timeoutSeconds);
  if (typeof task === 'string') return task;
  const { readiness } = record.activation;
  if (record.activation.type === 'oneshot' || readiness === null) return null;
  return probeWhileUp(
    { readiness: hostSide(record, readiness, task, accounts), env: { ...process.env } as Record<string, string>, cwd: null, account: null, subscribeLines: followLogs(service, task.createdAt), notify: null },
    async () => {
      const current = (await tasksOf(service)).find((t) => t.id === task.id);
      if (current === undefined) return `task ${task.id.slice(0, 12)} disappeared`;
      return ENDED.has(current.state) && record.restart.condition === 'none' ? `${describeTask(current)} before it was ready` : null;
    },
  );
};
