// Playing what `procform switch -P kubernetes` sends to kubectl with `podman kube play`, the
// closest thing to a cluster this machine has. procform's switch runs against a recording
// kubectl (test/backends/kubernetes/fixtures/fake-kubectl.js); each `kubectl apply` it
// records is applied here as a cluster applies it: a workload whose pod template changed
// (its procform.io/entry annotation) is replaced, any other keeps running.
//
// podman 4.3 plays Pods and Deployments, not StatefulSets or Jobs, and runs init containers
// slowly and unreliably (see test/backends/kubernetes/podman.test.ts). So each workload is
// played as rendered but for that: a StatefulSet becomes a Deployment whose volume claims
// are podman volumes that outlive it (as claims outlive their StatefulSet), a Job becomes a
// Pod that runs once, the state-dirs init container runs as rendered through `podman run`
// on the same volumes before its pod starts, and the waits for dependencies are this
// player's: it starts the workloads in the order procform applied them, each once the one
// before is ready by its own probe (a Job once it exited 0).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { yamlStream } from '../../src/backends/kubernetes/render.js';
import { podman, podmanEnv } from '../helpers/podman.js';
import { waitFor } from '../helpers/wait.js';
import { request } from '../helpers/http.js';
import type { ParsedManifest } from '../backends/kubernetes/schema.js';

type Doc = ParsedManifest;

/** One recorded kubectl call. */
interface KubectlCall {
  readonly argv: readonly string[];
  readonly stdin: string;
}

/** The kubectl calls recorded in `log`, oldest first. */
export const kubectlCalls = (log: string): KubectlCall[] => {
  const text = (() => { try { return readFileSync(log, 'utf8'); } catch { return ''; } })();
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as KubectlCall);
};

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'Job']);

/** Both streams of a container's log: programs such as PostgreSQL log to stderr. */
const logsOf = (container: string): string => {
  const result = spawnSync('podman', ['logs', '--tail', '20', container], { env: { ...process.env, ...podmanEnv() }, encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`;
};

const tcpOpen = (port: number): Promise<boolean> => new Promise((resolve) => {
  const socket = createConnection(port, '127.0.0.1');
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('error', () => resolve(false));
});

/** A workload as podman plays it, and what it takes to start it. */
interface Played {
  readonly entry: string;
  readonly file: string;
  /** The pod's name, and its main container's. */
  readonly pod: string;
  readonly main: string;
  readonly kind: string;
}

/** Plays applied manifests with podman; `prefix` keeps the names of parallel runs apart. */
export const kubePlayer = (dir: string, prefix: string) => {
  const played = new Map<string, Played>();
  const volumes = new Set<string>();
  const podName = (name: string) => `${prefix}-${name}`;

  /** The pod template of a workload with its init containers removed and its claims as podman volumes. */
  const playable = (doc: Doc, configMaps: readonly Doc[]): { docs: unknown[]; stateInit: Doc | null; claims: Map<string, string> } => {
    const template = structuredClone(doc.spec.template) as Doc;
    const spec = template.spec as Record<string, any>;
    const stateInit = (spec.initContainers as Doc[] | undefined)?.find((c) => c.name === 'state-dirs') ?? null;
    delete spec.initContainers;
    const claims = new Map<string, string>();
    for (const claim of (doc.spec.volumeClaimTemplates ?? []) as Doc[]) {
      const volume = `${prefix}-${doc.metadata.name}-${claim.metadata.name}`;
      claims.set(claim.metadata.name, volume);
      spec.volumes = [...(spec.volumes ?? []), { name: claim.metadata.name, persistentVolumeClaim: { claimName: volume } }];
    }
    const used = new Set(((spec.containers as Doc[])[0]!.envFrom ?? []).map((e: { configMapRef: { name: string } }) => e.configMapRef.name));
    const maps = configMaps.filter((m) => used.has(m.metadata.name));
    const name = podName(doc.metadata.name);
    const workload = doc.kind === 'Job'
      ? { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: template.metadata.labels, annotations: template.metadata.annotations }, spec }
      : { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas: 1, selector: doc.spec.selector, template } };
    return { docs: [...maps, workload], stateInit, claims };
  };

  /** Runs the rendered state-dirs init container on the pod's volumes, as the kubelet would before the pod. */
  const runStateInit = (init: Doc, image: string, claims: ReadonlyMap<string, string>): void => {
    const mounts = (init.volumeMounts as { name: string; mountPath: string }[]).map((m) => `--volume=${claims.get(m.name)!}:${m.mountPath}`);
    for (const volume of claims.values()) volumes.add(volume);
    podman(['run', '--rm', '--network=none', '--user=0', ...mounts, '--entrypoint=', image, ...init.command, ...(init.args ?? [])]);
  };

  /** Waits until the workload is ready by its own readiness probe (a Job: until it exited 0). */
  const ready = async (doc: Doc, entry: Played): Promise<void> => {
    if (doc.kind === 'Job') {
      const code = await waitFor(`${doc.metadata.name} to finish`, () => {
        const state = podman(['inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', entry.main], { allowFailure: true }).trim();
        return state.startsWith('exited') && state.split(' ')[1];
      }, 60_000).catch((error: Error) => {
        throw new Error(`${error.message}\n--- log\n${logsOf(entry.main)}`);
      });
      assert.equal(code, '0', `${doc.metadata.name} exited ${code}:\n${logsOf(entry.main)}`);
      return;
    }
    const probe = doc.spec.template.spec.containers[0].readinessProbe as Record<string, any> | undefined;
    await waitFor(`${doc.metadata.name} to be ready`, async () => {
      if (podman(['inspect', '--format', '{{.State.Running}}', entry.main], { allowFailure: true }).trim() !== 'true') return false;
      if (probe?.tcpSocket) return tcpOpen(probe.tcpSocket.port);
      if (probe?.httpGet) return (await request(probe.httpGet.port, probe.httpGet.path).catch(() => ({ status: 0 }))).status === 200;
      if (probe?.exec) return spawnSync('podman', ['exec', entry.main, ...probe.exec.command], { env: { ...process.env, ...podmanEnv() } }).status === 0;
      return true;
    }, 90_000).catch((error: Error) => {
      const pod = podman(['ps', '-a', '--filter', `pod=${entry.pod}`, '--format', '{{.Names}} {{.Status}}'], { allowFailure: true });
      throw new Error(`${error.message}\n--- pod ${entry.pod}\n${pod}--- log\n${logsOf(entry.main)}`);
    });
  };

  const down = (name: string): void => {
    const entry = played.get(name);
    if (entry === undefined) return;
    podman(['kube', 'down', entry.file], { allowFailure: true });
    played.delete(name);
  };

  return {
    /**
     * Applies a `kubectl apply` stdin: the workloads whose pod template is new or changed are
     * (re)played in order, each once the one before is ready; returns their names.
     */
    async apply(docs: readonly Doc[]): Promise<string[]> {
      const configMaps = docs.filter((d) => d.kind === 'ConfigMap');
      const changed: string[] = [];
      for (const doc of docs.filter((d) => WORKLOADS.has(d.kind))) {
        const name = doc.metadata.name;
        const entry = doc.spec.template.metadata.annotations['procform.io/entry'] as string;
        if (played.get(name)?.entry === entry) continue;
        down(name);
        const { docs: play, stateInit, claims } = playable(doc, configMaps);
        const file = join(dir, `${name}-${entry}.yaml`);
        writeFileSync(file, yamlStream(play));
        if (stateInit !== null) runStateInit(stateInit, stateInit.image ?? doc.spec.template.spec.containers[0].image, claims);
        for (const volume of claims.values()) volumes.add(volume);
        podman(['kube', 'play', file], { timeout: 180_000 });
        const pod = doc.kind === 'Job' ? podName(name) : `${podName(name)}-pod-0`;
        const played_ = { entry, file, pod, main: `${pod}-main`, kind: doc.kind };
        played.set(name, played_);
        await ready(doc, played_);
        changed.push(name);
      }
      return changed;
    },
    /** Removes every pod, as `kubectl delete` of the deployment does; the volumes stay. */
    deleteAll(): void {
      for (const name of [...played.keys()].reverse()) down(name);
    },
    /**
     * Deletes every long-running pod and creates it again from the same manifests, in order,
     * as the controllers do when the node the pods ran on is replaced: the claims keep the
     * data. A finished Job is not run again.
     */
    async restart(docs: readonly Doc[]): Promise<void> {
      const workloads = docs.filter((d) => WORKLOADS.has(d.kind) && d.kind !== 'Job');
      for (const doc of [...workloads].reverse()) podman(['kube', 'down', played.get(doc.metadata.name)!.file], { timeout: 120_000 });
      for (const doc of workloads) {
        const entry = played.get(doc.metadata.name)!;
        podman(['kube', 'play', entry.file], { timeout: 180_000 });
        await ready(doc, entry);
      }
    },
    /** The main container's id of each played workload. */
    containers(): Record<string, string> {
      return Object.fromEntries([...played].map(([name, p]) => [name, podman(['inspect', '--format', '{{.Id}}', p.main], { allowFailure: true }).trim()]));
    },
    /** Removes everything it played, and the volumes. */
    cleanUp(): void {
      for (const name of [...played.keys()].reverse()) down(name);
      for (const volume of volumes) podman(['volume', 'rm', '-f', volume], { allowFailure: true });
    },
  };
};
