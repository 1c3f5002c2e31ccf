/**
 * The kubectl command lines of a switch, as argv arrays: built in one place so that the
 * activator runs exactly what `switch --dry-run` prints.
 * @module
 */
import { pruneSelector } from './labels.js';
import { RENDERED_KINDS } from './manifests.js';
import type { KubernetesOptions } from './options.js';
import type { KubernetesActivation } from './record.js';

/** The workload kinds, as `kubectl get` and `kubectl delete` name them. */
const WORKLOAD_RESOURCES = 'deployments.apps,statefulsets.apps,jobs.batch';
const ALL_RESOURCES = `secrets,configmaps,services,${WORKLOAD_RESOURCES}`;

type Target = Pick<KubernetesActivation, 'kind' | 'name' | 'namespace'>;

const ref = (target: Target): string => `${target.kind.toLowerCase()}/${target.name}`;

/**
 * Applies manifests read from stdin and deletes the deployment's objects that are not
 * among them. `--prune-allowlist` names the kinds procform renders: without it, a prune
 * considers only a fixed default list of kinds.
 */
export const applyArgs = (options: KubernetesOptions): string[] => [
  'apply', '--namespace', options.namespace, '--prune', '-l', pruneSelector(options.deployment),
  ...RENDERED_KINDS.flatMap((kind) => ['--prune-allowlist', kind]), '-f', '-',
];

/** Deletes every object of the deployment (undeploy). Volume claims of StatefulSets stay. */
export const deleteAllArgs = (options: KubernetesOptions): string[] =>
  ['delete', '--namespace', options.namespace, '-l', pruneSelector(options.deployment), '--ignore-not-found', ALL_RESOURCES];

/** Deletes a Job before it is applied again: a Job's pod template cannot be changed, and a finished Job never runs again. */
export const deleteJobArgs = (target: Target): string[] => ['delete', '--namespace', target.namespace, ref(target), '--ignore-not-found'];

/** Restarts the pods of an unchanged workload whose dependency restarted. */
export const restartArgs = (target: Target): string[] => ['rollout', 'restart', '--namespace', target.namespace, ref(target)];

/** Waits until a rollout is done, or a Job has completed. */
export const waitArgs = (target: Target & Pick<KubernetesActivation, 'waitSeconds'>): string[] =>
  target.kind === 'Job'
    ? ['wait', '--namespace', target.namespace, '--for=condition=complete', ref(target), `--timeout=${target.waitSeconds}s`]
    : ['rollout', 'status', '--namespace', target.namespace, ref(target), `--timeout=${target.waitSeconds}s`];

/** Lists the deployment's workloads with their status. */
export const getArgs = (options: KubernetesOptions): string[] =>
  ['get', '--namespace', options.namespace, '-l', pruneSelector(options.deployment), WORKLOAD_RESOURCES, '-o', 'json'];
