// The peer: `podman kube play` of the Kubernetes backend's manifests of the same model
// (host network, host paths, the same image), until the proxy answers, and `podman kube
// down`. As in test/backends/kubernetes/podman.test.ts, the Deployments get names of
// their own (pods of other runs must not clash) and lose their init containers: podman
// 4.3.1 waits ~20 s on each init container (a conmon timeout), so the proxy's wait for
// the webapp is left out here and podman starts every pod at once.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { kubernetes } from '../../src/backends/kubernetes/index.js';
import type { BuildResult } from '../../src/build/build.js';
import { MANIFESTS_FILE, yamlStream } from '../../src/backends/kubernetes/render.js';
import { removeTree } from '../../src/store/write.js';
import { BASE_IMAGE } from '../../test/helpers/podman.js';
import { freePorts } from '../../test/helpers/wait.js';
import { advancedPorts, buildAdvanced, untilAdvancedAnswers, untilAdvancedSilent } from './advanced.js';
import { timed, untilAnswer, untilSilent } from './answer.js';
import type { Created } from './created.js';
import { exists, podmanOk } from './engine.js';
import { buildWebapps, stateDir } from './model.js';

/** One run's figures, in ms. */
export interface KubeRun {
  readonly up: number;
  readonly down: number;
}

interface Manifest {
  kind: string;
  metadata: { name: string };
  spec?: { template?: { spec?: { initContainers?: unknown } } };
}

/** podman names the pod of a Deployment's only replica after it. */
const podOf = (deployment: Manifest): string => `${deployment.metadata.name}-pod-0`;

/** Plays the model's manifests once under names starting with `name`, then takes them down. */
export const kubePlayRun = async (created: Created, name: string): Promise<KubeRun> => {
  const state = stateDir(created);
  const [webapp, proxy] = await freePorts(2) as [number, number];
  const result = await buildWebapps(kubernetes, state, { webapp, proxy }, KUBE_OPTIONS);
  const run = await playAndDown(created, name, state, result, () => untilAnswer({ webapp, proxy }), () => untilSilent({ proxy }));
  removeTree(state);
  return run;
};

/** The same with the advanced example: eight pods, until every route of both proxies answers. */
export const kubePlayAdvancedRun = async (created: Created, name: string): Promise<KubeRun> => {
  const state = stateDir(created);
  const ports = await advancedPorts();
  const result = await buildAdvanced(kubernetes, state, ports, KUBE_OPTIONS);
  const run = await playAndDown(created, name, state, result, () => untilAdvancedAnswers(ports), () => untilAdvancedSilent(ports));
  removeTree(state);
  return run;
};

const KUBE_OPTIONS = { hostNetwork: 'true', hostPaths: 'true', image: BASE_IMAGE };

/** `podman kube play` of a build's manifests until `untilUp`, then `podman kube down`. */
const playAndDown = async (created: Created, name: string, state: string, result: BuildResult, untilUp: () => Promise<void>, untilDown: () => Promise<void>): Promise<KubeRun> => {
  const documents = result.model.processes.flatMap((p) =>
    parseAllDocuments(readFileSync(join(result.processEntries.get(p.instance)!.path, MANIFESTS_FILE), 'utf8')).map((d) => d.toJS() as Manifest));
  for (const doc of documents.filter((d) => d.kind === 'Deployment')) {
    doc.metadata.name = `${name}-${doc.metadata.name}`;
    delete doc.spec?.template?.spec?.initContainers;
    created.pods.add(podOf(doc));
  }
  const file = join(state, 'play.yaml');
  writeFileSync(file, yamlStream(documents));

  const up = await timed(async () => {
    podmanOk(['kube', 'play', file]);
    await untilUp();
  });
  const pods = documents.filter((d) => d.kind === 'Deployment').map(podOf);
  const unseen = pods.filter((pod) => !exists('pod', pod));
  if (unseen.length > 0) throw new Error(`podman kube play made no pod ${unseen.join(', ')}; the cleanup looks for these names`);
  const down = await timed(() => podmanOk(['kube', 'down', file]));
  await untilDown();
  const left = pods.filter((pod) => exists('pod', pod));
  if (left.length > 0) throw new Error(`podman kube down left ${left.join(', ')}`);
  return { up, down };
};
