/**
 * The Kubernetes backend: each process becomes a Deployment (a StatefulSet when it has
 * state directories, a Job when it is a oneshot), a Service for its ports and a ConfigMap
 * for its environment, rendered as YAML into its store entry. `switch` applies a whole
 * generation with `kubectl apply --prune` and waits for the rollouts.
 * @module
 */
import type { Backend } from '../../deploy/backend.js';
import { activator } from './activate.js';
import { logs, status, unavailable } from './status.js';
import { resourceName, serviceHost } from './names.js';
import { kubernetesOptions, OPTION_SPECS } from './options.js';
import { render } from './render.js';
import { translate } from './translate.js';
import { kubernetesRecordFile, type KubernetesRecord } from './record.js';
import { clusterMissing } from './runs-here.js';

/** The Kubernetes backend. */
export const kubernetes: Backend<KubernetesRecord> = {
  name: 'kubernetes',
  summary: 'Kubernetes manifests (Deployment/StatefulSet/Job, Service, ConfigMap per process); switch runs kubectl apply --prune',
  limitations: [
    { feature: 'secrets', reason: 'each process\'s values become a Secret that the activator applies with the manifests (from the file a switch delivers them to, so never from the store) and the pod reads through envFrom; a changed value restarts the workload on the next switch' },
    { id: 'readiness-notify', feature: 'readiness kinds "log" and "notify"', reason: 'the kubelet can neither read output nor pass a notification fd: no probes, the pod counts as ready once started' },
    { feature: 'readiness http status list', reason: 'httpGet probes accept any status from 200 to 399' },
    { feature: 'readiness interval below 1 s', reason: 'probe periods are whole seconds: rounded up' },
    { feature: 'restart policy "no" and "on-failure" of long-running processes', reason: 'Deployments and StatefulSets always restart their pods (restartPolicy Always); oneshots become Jobs with restartPolicy Never or OnFailure' },
    { feature: 'restart backoff and maxRestarts of long-running processes', reason: "the kubelet's own crash-loop backoff applies (10 s, doubling up to 5 min, never giving up)" },
    { feature: 'stop signal other than TERM', reason: 'the kubelet sends TERM: a shell launcher in front of the process turns it into the stop signal' },
    { feature: 'nice', reason: 'Kubernetes has no nice setting: the command runs through nice(1) from the image; negative values need CAP_SYS_NICE' },
    { feature: 'users and groups', reason: 'not created: containers run by numeric uid/gid (securityContext); a process whose user has no known uid is refused' },
    { feature: 'initialize', reason: 'runs in the container before every start: as root when the process has a user (the container starts as root, the launcher adds the process\'s accounts to its /etc/passwd and /etc/group and then runs the process as the user with setpriv), else as the image\'s user' },
    { id: 'dependencies', feature: 'dependencies', reason: 'an init container waits until each dependency\'s Service answers on its port when the pod starts; dependencies without a port are not waited for; only a switch restarts dependents' },
    { feature: 'state directories', reason: 'one volume claim each (StatefulSet); the claims outlive undeploy; oneshots with state directories are refused' },
    { feature: 'other directories (runtime, tmp, log)', reason: 'must exist and be writable in the image' },
    { feature: 'executables', reason: 'must exist in the image, unless hostPaths=true mounts the store and the executable\'s directory from the node' },
    { feature: 'inputs, argument paths, working directory', reason: 'must exist in the image at the same paths, unless hostPaths=true mounts them read-only from the node' },
    { feature: 'logs', reason: 'the container\'s stdout and stderr, read with kubectl logs' },
  ],
  tested: 'no cluster: manifests validated offline, Deployments and the stack played with `podman kube play`, `kubectl` a recording stand-in',
  cannotRunHere: clusterMissing,
  options: OPTION_SPECS,
  serviceHost: (instance, options) => serviceHost(instance, kubernetesOptions(options)),
  // Each pod has volumes of its own, even on the node's network.
  placement: { containers: true, sharedFiles: false },
  entryName: (spec) => resourceName(spec.instance),
  recordFile: kubernetesRecordFile,
  translate,
  render,
  // Containers run by numeric id on the cluster's nodes: no accounts are made here.
  localAccounts: false,
  activator: { ...activator, status, logs, unavailable },
};

export type { KubernetesRecord } from './record.js';
