/**
 * The pod template of a process: its container (command, environment, ports, probes,
 * identity), the init containers that prepare state directories and wait for
 * dependencies, and the node directories it mounts with hostPaths=true.
 * @module
 */
import { dirname } from 'node:path';
import type { ProcessSpec } from '../../model/process-spec.js';
import type { RenderContext } from '../../deploy/backend.js';
import { borrowedPaths } from '../borrowed-paths.js';
import { launcherAccounts, ownerOf, runAs, startsAsRoot } from './identity.js';
import { ENTRY_ANNOTATION, INSTANCE_ANNOTATION, processLabels } from './labels.js';
import { mainCommand, STATE_DIRS, waitCommand } from './launcher.js';
import type { Container, PodTemplate, Volume } from './manifests.js';
import { environmentName, secretName } from './names.js';
import type { KubernetesOptions } from './options.js';
import { probesOf } from './probes.js';

/** Where a dependency answers, for the init container that waits for it. */
export interface DependencyAddress {
  /** The dependency's object name. */
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

/** Everything the pod template is made from besides the process itself. */
export interface PodInput {
  readonly spec: ProcessSpec;
  readonly context: RenderContext;
  readonly options: KubernetesOptions;
  readonly name: string;
  readonly ports: readonly number[];
  readonly dependencies: readonly DependencyAddress[];
  readonly restartPolicy: PodTemplate['spec']['restartPolicy'];
}

/** Trees the image's own system owns; mounting the node's copy over part of them would mix two systems. */
const SYSTEM_TREES = /^\/(bin|sbin|usr|etc|lib|lib32|lib64|libx32)(\/|$)/;

/** Name of the container that runs the process. */
export const MAIN_CONTAINER = 'main';

/** Name of the volume (claim) of the state directory at index `i`. */
export const stateVolume = (i: number): string => `state-${i}`;

const inside = (path: string, dir: string): boolean => path === dir || path.startsWith(`${dir}/`);

/** Top-level trees an image's own system owns (as in SYSTEM_TREES). */
const IMAGE_TREES: readonly string[] = ['/bin', '/sbin', '/usr', '/etc', '/lib', '/lib32', '/lib64', '/libx32'];

/**
 * hostPaths=true: the store, and what the process takes from the node (the executable's
 * directory, declared inputs, argument paths, working directory) outside the store, the
 * deployment's directories and the image's system trees.
 */
const hostVolumes = (spec: ProcessSpec, context: RenderContext): Volume[] => {
  const { settings } = context;
  const store = settings.storeDir;
  const volumes: Volume[] = [{ name: 'store', hostPath: { path: store, type: 'Directory' } }];
  const executable = spec.foregroundProcess ?? spec.daemon!;
  const dir = dirname(executable);
  // The executable's directory keeps its volume name, so manifests without other host paths stay as they were.
  if (executable.startsWith('/') && !inside(dir, store) && !SYSTEM_TREES.test(dir)) volumes.push({ name: 'executable', hostPath: { path: dir, type: 'Directory' } });
  // The deployment's directories are the pod's own (state directories are claims), never the node's.
  // The tmp dir is not among them: it is often the machine's shared /tmp, which holds projects
  // (and their inputs) that the process reads from the node.
  const data = [settings.stateDir, settings.runtimeDir, settings.logDir, settings.cacheDir, settings.spoolDir, settings.lockDir, settings.libDir];
  const view = { imageDirectories: IMAGE_TREES, provided: [store, ...data, ...spec.stateDirs.map((d) => d.path), ...volumes.slice(1).map((v) => v.hostPath.path)] };
  borrowedPaths(view, [], context.hostPaths ?? []).forEach((path, i) => {
    volumes.push({ name: `host-${i}`, hostPath: { path: path.path, type: path.kind === 'directory' ? 'Directory' : 'File' } });
  });
  return volumes;
};

const stateMounts = (spec: ProcessSpec) => spec.stateDirs.map((dir, i) => ({ name: stateVolume(i), mountPath: dir.path }));

/** Runs as root so it can hand each state directory to its owner. */
const stateInit = (spec: ProcessSpec): Container => ({
  name: 'state-dirs',
  command: ['/bin/sh', '-c', STATE_DIRS, 'state-dirs'],
  args: spec.stateDirs.flatMap((dir) => [dir.path, dir.mode, ownerOf(spec, dir.user, dir.group, dir.path)]),
  securityContext: { runAsUser: 0 },
  volumeMounts: stateMounts(spec),
});

/** The pod template of a process. */
export const podTemplate = ({ spec, context, options, name, ports, dependencies, restartPolicy }: PodInput): PodTemplate => {
  const volumes = options.hostPaths ? hostVolumes(spec, context) : [];
  const identity = runAs(spec);
  const { command, args } = mainCommand(spec, launcherAccounts(spec));
  // Secrets come after the ConfigMap: a name in both takes the Secret's value.
  const envFrom = [
    ...(Object.keys(spec.environment).length > 0 ? [{ configMapRef: { name: environmentName(name) } }] : []),
    ...(spec.secrets === undefined ? [] : [{ secretRef: { name: secretName(name) } }]),
  ];
  // The launcher runs initialize as root, then the process as its user.
  const mainIdentity = startsAsRoot(spec) ? { runAsUser: 0, runAsGroup: 0 } : identity;
  const main: Container = {
    // A fixed name, so no process name can collide with an init container's.
    name: MAIN_CONTAINER,
    command,
    ...(args.length > 0 ? { args } : {}),
    ...(envFrom.length > 0 ? { envFrom } : {}),
    ...(spec.directory !== null ? { workingDir: spec.directory } : {}),
    // On the host network a process's ports are the node's own: the Service still names them, and podman kube play
    // (4.3) refuses declared container ports there ("PortMappings can only be used with Bridge or slirp4netns").
    ...(ports.length > 0 && !options.hostNetwork ? { ports: ports.map((port) => ({ name: `tcp-${port}`, containerPort: port, protocol: 'TCP' as const })) } : {}),
    ...(spec.type === 'longrun' ? probesOf(spec.readiness) : {}),
    ...(Object.keys(mainIdentity).length > 0 ? { securityContext: mainIdentity } : {}),
    ...(volumes.length + spec.stateDirs.length > 0
      ? { volumeMounts: [...volumes.map((v) => ({ name: v.name, mountPath: v.hostPath.path, readOnly: true })), ...stateMounts(spec)] }
      : {}),
  };
  const waits: Container[] = dependencies.map((dep) => ({
    name: `wait-${dep.name}`,
    ...waitCommand(dep.host, dep.port),
    ...(Object.keys(identity).length > 0 ? { securityContext: identity } : {}),
  }));
  const init = [...(spec.stateDirs.length > 0 ? [stateInit(spec)] : []), ...waits];
  return {
    metadata: {
      labels: processLabels(options.deployment, name),
      // The entry's own store path is hashed modulo itself, so this changes exactly when the process's manifests do.
      annotations: { [ENTRY_ANNOTATION]: context.self.slice(context.self.lastIndexOf('/') + 1), [INSTANCE_ANNOTATION]: spec.instance },
    },
    spec: {
      ...(options.hostNetwork ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' as const } : {}),
      restartPolicy,
      terminationGracePeriodSeconds: Math.max(1, Math.ceil(spec.stopTimeout)),
      ...(init.length > 0 ? { initContainers: init } : {}),
      containers: [main],
      ...(volumes.length > 0 ? { volumes } : {}),
    },
  };
};
