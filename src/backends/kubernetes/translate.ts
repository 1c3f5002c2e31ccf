/**
 * ProcessSpec → the Kubernetes objects of one process: a ConfigMap with its environment,
 * a Service for its ports, and what runs it — a Deployment, a StatefulSet when it has
 * state directories (one volume claim each), or a Job for a oneshot.
 * @module
 */
import { InputError } from '../../errors.js';
import type { ProcessSpec } from '../../model/process-spec.js';
import type { RenderContext } from '../../deploy/backend.js';
import { INSTANCE_ANNOTATION, processLabels, selectorLabels } from './labels.js';
import type { ObjectMeta, WorkloadManifest } from './manifests.js';
import type { KubernetesRecord } from './record.js';
import { environmentName, resourceName, secretName, serviceHost } from './names.js';
import { optionsOf, type KubernetesOptions } from './options.js';
import { podTemplate, stateVolume, type DependencyAddress } from './pod.js';
import { readinessPort } from './probes.js';

/**
 * The port dependents wait for, remembered per store and instance while a build
 * translates processes dependencies first: a process's own translation sees only its own
 * metadata, yet its init containers need its dependencies' ports.
 */
const primaryPorts = new Map<string, number | null>();

const portOf = (value: unknown): number | null => (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535 ? (value as number) : null);

/** The declared port (`metadata.port`) first, then the readiness probe's; sorted, without duplicates. */
const portsOf = (spec: ProcessSpec, context: RenderContext): { primary: number | null; all: number[] } => {
  const declared = portOf(context.metadata['port']);
  const probed = readinessPort(spec.readiness);
  const all = [...new Set([declared, probed].filter((p): p is number => p !== null))].sort((a, b) => a - b);
  return { primary: declared ?? probed, all };
};

// The instance rides along as an annotation: `kubectl get` answers name the objects, the
// activator needs the instance, and an instance name may hold characters no label takes.
const meta = (spec: ProcessSpec, options: KubernetesOptions, name: string, objectName = name): ObjectMeta => ({
  name: objectName,
  namespace: options.namespace,
  labels: processLabels(options.deployment, name),
  annotations: { [INSTANCE_ANNOTATION]: spec.instance },
});

const dependencyAddresses = (spec: ProcessSpec, context: RenderContext, options: KubernetesOptions): DependencyAddress[] =>
  spec.dependencies.flatMap((dep) => {
    const port = primaryPorts.get(`${context.settings.storeDir}\0${dep}`) ?? null;
    return port === null ? [] : [{ name: resourceName(dep), host: serviceHost(dep, options), port }];
  });

const workloadOf = (spec: ProcessSpec, context: RenderContext, options: KubernetesOptions, name: string, ports: readonly number[]): WorkloadManifest => {
  const dependencies = dependencyAddresses(spec, context, options);
  const selector = { matchLabels: selectorLabels(options.deployment, name) };
  if (spec.type === 'oneshot') {
    if (spec.stateDirs.length > 0) {
      throw new InputError(`kubernetes: oneshot process "${spec.instance}" has state directories, but a Job has no volume claim templates`, 'move the state directories to a long-running process');
    }
    return {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta(spec, options, name),
      spec: {
        backoffLimit: spec.restart.policy === 'no' ? 0 : spec.restart.maxRestarts,
        template: podTemplate({ spec, context, options, name, ports, dependencies, restartPolicy: spec.restart.policy === 'no' ? 'Never' : 'OnFailure' }),
      },
    };
  }
  const template = podTemplate({ spec, context, options, name, ports, dependencies, restartPolicy: 'Always' });
  if (spec.stateDirs.length === 0) {
    return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(spec, options, name), spec: { replicas: 1, selector, strategy: { type: 'Recreate' }, template } };
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(spec, options, name),
    spec: {
      replicas: 1,
      serviceName: name,
      selector,
      template,
      volumeClaimTemplates: spec.stateDirs.map((_, i) => ({
        metadata: { name: stateVolume(i) },
        spec: { accessModes: ['ReadWriteOnce'] as const, resources: { requests: { storage: options.stateStorage } } },
      })),
    },
  };
};

/** Translates a normalized process into its Kubernetes objects. */
export const translate = (spec: ProcessSpec, context: RenderContext): KubernetesRecord => {
  const options = optionsOf(context.settings);
  const name = resourceName(spec.instance);
  const ports = portsOf(spec, context);
  primaryPorts.set(`${context.settings.storeDir}\0${spec.instance}`, ports.primary);
  const hasEnvironment = Object.keys(spec.environment).length > 0;
  return {
    image: options.image,
    configMap: hasEnvironment ? { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(spec, options, name, environmentName(name)), data: spec.environment } : null,
    service: ports.all.length === 0 ? null : {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(spec, options, name),
      spec: {
        type: 'ClusterIP',
        selector: selectorLabels(options.deployment, name),
        ports: ports.all.map((port) => ({ name: `tcp-${port}`, port, targetPort: port, protocol: 'TCP' as const })),
      },
    },
    workload: workloadOf(spec, context, options, name, ports.all),
    secret: spec.secrets === undefined ? null : { metadata: meta(spec, options, name, secretName(name)), file: spec.secrets.file },
  };
};
