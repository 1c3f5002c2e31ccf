/**
 * What the swarm backend asks the engine, through the docker command line
 * (`$PROCFORM_DOCKER`, default `docker`; `DOCKER_HOST` names the swarm's manager): the
 * services of a stack and their tasks, parsed from `inspect`'s JSON.
 * @module
 */
import { engine, engineOk } from '../docker/index.js';
import { INSTANCE_LABEL, STACK_LABEL } from './names.js';

/** A service of the stack, as the activator and status read it. */
export interface ServiceState {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Tasks Swarm keeps running (replicated mode). */
  readonly desired: number;
}

/** One task of a service, newest first in {@link tasksOf}. */
export interface TaskState {
  readonly id: string;
  readonly serviceId: string;
  readonly slot: number;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /** new, pending, assigned, accepted, preparing, starting, running, complete, failed, shutdown, rejected, orphaned, remove */
  readonly state: string;
  /** running, shutdown, … : what Swarm wants of it. */
  readonly desiredState: string;
  /** Milliseconds since the epoch of its last state change. */
  readonly since: number | null;
  readonly error: string | null;
  readonly containerId: string | null;
  readonly pid: number | null;
  readonly exitCode: number | null;
}

interface ServiceJson {
  readonly ID?: string;
  readonly Spec?: { readonly Name?: string; readonly Labels?: Record<string, string> | null; readonly Mode?: { readonly Replicated?: { readonly Replicas?: number } } };
}

interface TaskJson {
  readonly ID?: string;
  readonly ServiceID?: string;
  readonly Slot?: number;
  readonly CreatedAt?: string;
  readonly DesiredState?: string;
  readonly Status?: {
    readonly Timestamp?: string;
    readonly State?: string;
    readonly Err?: string;
    readonly ContainerStatus?: { readonly ContainerID?: string; readonly PID?: number; readonly ExitCode?: number };
  };
}

const timeOf = (text: string | undefined): number | null => {
  const ms = text === undefined ? Number.NaN : Date.parse(text);
  return Number.isFinite(ms) && ms > 0 ? ms : null;
};

const lines = (text: string): string[] => text.split('\n').map((l) => l.trim()).filter((l) => l !== '');

/** The services of `stack`. */
export const stackServices = async (stack: string): Promise<ServiceState[]> => {
  const ids = lines(await engineOk(['service', 'ls', '--quiet', `--filter=label=${STACK_LABEL}=${stack}`]));
  if (ids.length === 0) return [];
  const raw = JSON.parse(await engineOk(['service', 'inspect', '--', ...ids])) as ServiceJson[];
  return raw.map((s) => ({
    id: s.ID ?? '',
    name: s.Spec?.Name ?? '',
    labels: s.Spec?.Labels ?? {},
    desired: s.Spec?.Mode?.Replicated?.Replicas ?? 1,
  }));
};

/** The stack's services by the instance they run. */
export const servicesByInstance = async (stack: string): Promise<Map<string, ServiceState>> =>
  new Map((await stackServices(stack)).flatMap((s) => (s.labels[INSTANCE_LABEL] === undefined ? [] : [[s.labels[INSTANCE_LABEL], s] as [string, ServiceState]])));

/** The service named `name`, or null when there is none. */
export const inspectService = async (name: string): Promise<ServiceState | null> => {
  const result = await engine(['service', 'inspect', '--', name]);
  if (result.code !== 0) return null;
  const s = (JSON.parse(result.stdout) as ServiceJson[])[0] ?? {};
  return { id: s.ID ?? '', name: s.Spec?.Name ?? name, labels: s.Spec?.Labels ?? {}, desired: s.Spec?.Mode?.Replicated?.Replicas ?? 1 };
};

/** The tasks of a service that Swarm still lists, newest first; none when the service is gone. */
export const tasksOf = async (service: string): Promise<TaskState[]> => {
  const listed = await engine(['service', 'ps', '--quiet', '--no-trunc', '--', service]);
  if (listed.code !== 0) return [];
  const ids = lines(listed.stdout);
  if (ids.length === 0) return [];
  const inspected = await engine(['inspect', '--type=task', '--', ...ids]);
  // A task removed between the two calls fails the whole inspect: none this time, callers ask again.
  const raw = inspected.code === 0 ? JSON.parse(inspected.stdout) as TaskJson[] : [];
  return raw.map((t): TaskState => ({
    id: t.ID ?? '',
    serviceId: t.ServiceID ?? '',
    slot: t.Slot ?? 0,
    createdAt: timeOf(t.CreatedAt) ?? 0,
    state: t.Status?.State ?? 'unknown',
    desiredState: t.DesiredState ?? 'unknown',
    since: timeOf(t.Status?.Timestamp),
    error: t.Status?.Err || null,
    containerId: t.Status?.ContainerStatus?.ContainerID || null,
    pid: t.Status?.ContainerStatus?.PID || null,
    exitCode: t.Status?.ContainerStatus?.ExitCode ?? null,
  })).sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
};
