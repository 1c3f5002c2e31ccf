/**
 * `procform status` and `procform logs` of a Kubernetes deployment: the workloads as
 * `kubectl get` lists them (ready replicas, a Job's completion) and `kubectl logs`. A
 * cluster runs pods on its nodes, so there is no local pid, start time or exit status; and
 * single processes are not started or stopped from here (`unavailable`).
 * @module
 */
import { checkNames } from '../../deploy/control-plan.js';
import { ControlError } from '../../errors.js';
import type { ActivationGeneration } from '../../deploy/activator.js';
import type { DeployedProcessStatus, DeploymentStatus, LogOptions, LogSink, Operation } from '../../deploy/observation.js';
import { streamLines } from '../stream-command.js';
import { getArgs } from './commands.js';
import { kubectl, kubectlProgram } from './kubectl.js';
import { INSTANCE_ANNOTATION } from './labels.js';
import { optionsOf } from './options.js';
import { kubernetesRecordFile, type KubernetesActivation } from './record.js';
import { readRecordFile } from '../../deploy/record-file.js';

interface Workload {
  readonly kind?: string;
  readonly metadata?: { readonly annotations?: Record<string, string> };
  readonly spec?: { readonly replicas?: number };
  readonly status?: { readonly replicas?: number; readonly readyReplicas?: number; readonly succeeded?: number; readonly failed?: number; readonly active?: number };
}

const activationOf = (entry: string): KubernetesActivation => readRecordFile(entry, kubernetesRecordFile);

const workloadStatus = (instance: string, entry: string, activation: KubernetesActivation, workload: Workload | undefined): DeployedProcessStatus => {
  const base = { instance, name: activation.name, entry, pid: null, since: null, restarts: null, lastExit: null, lastLines: [] as string[] };
  if (workload === undefined) return { ...base, state: 'down', ready: false, reason: `the cluster has no ${activation.kind.toLowerCase()}/${activation.name}; procform switch -P kubernetes applies it again` };
  const status = workload.status ?? {};
  if (activation.kind === 'Job') {
    if ((status.succeeded ?? 0) >= 1) return { ...base, state: 'exited', ready: true, reason: null };
    if ((status.active ?? 0) >= 1) return { ...base, state: 'starting', ready: false, reason: null };
    if ((status.failed ?? 0) >= 1) return { ...base, state: 'failed', ready: false, reason: `its pods failed ${status.failed} time(s); see kubectl describe --namespace ${activation.namespace} job/${activation.name}` };
    return { ...base, state: 'waiting', ready: false, reason: null };
  }
  if ((status.readyReplicas ?? 0) >= 1) return { ...base, state: 'ready', ready: true, reason: null };
  if ((workload.spec?.replicas ?? 1) === 0) return { ...base, state: 'down', ready: false, reason: null };
  return { ...base, state: 'starting', ready: false, reason: null };
};

/** Every process of the deployed generation, as the cluster reports its workload. */
export const status = async (generation: ActivationGeneration): Promise<DeploymentStatus> => {
  const answer = JSON.parse(await kubectl(getArgs(optionsOf(generation.settings)))) as { items?: Workload[] };
  const byInstance = new Map<string, Workload>();
  for (const item of answer.items ?? []) {
    const instance = item.metadata?.annotations?.[INSTANCE_ANNOTATION];
    if (instance !== undefined) byInstance.set(instance, item);
  }
  const processes = generation.units.map((unit) => workloadStatus(unit.instance, unit.entry, activationOf(unit.entry), byInstance.get(unit.instance)));
  return { pid: null, processes, unknown: ['pid', 'since', 'restarts', 'lastExit'] };
};

/** `kubectl logs --tail N [--follow]` of each workload (its first pod, every container). */
export const logs = async (generation: ActivationGeneration, instance: string | null, options: LogOptions, onLine: LogSink): Promise<void> => {
  if (instance !== null) checkNames([instance], generation.units);
  const one = async (unit: { instance: string; entry: string }): Promise<void> => {
    const activation = activationOf(unit.entry);
    const args = ['logs', '--namespace', activation.namespace, `--tail=${options.lines}`, ...(options.follow ? ['--follow'] : []), `${activation.kind.toLowerCase()}/${activation.name}`];
    const result = await streamLines(kubectlProgram(), args, (stream, text) => onLine({ instance: unit.instance, stream, text }), options.signal);
    if (result.code === 127) throw new ControlError(`kubectl not found: ${kubectlProgram()} is not on PATH (${result.stderr})`, 'install kubectl, or point PROCFORM_KUBECTL at it');
  };
  const units = generation.units.filter((u) => instance === null || u.instance === instance);
  if (options.follow) await Promise.all(units.map(one));
  else for (const unit of units) await one(unit);
};

/** What procform does not do on a cluster, and what does it there. */
export const unavailable: Partial<Record<Operation, string>> = {
  control: 'use kubectl rollout restart (kubectl scale --replicas=0 and back to stop and start) on the cluster; procform switch -P kubernetes restarts what changed',
};
