// Smoke test of the rendered Deployments under `podman kube play` (the closest thing to a
// cluster this machine has): the simple webapps model, built with the host network, host
// paths and the test base image, must start and answer through the proxy, as the uids
// the model assigned.
//
// What is played: every ConfigMap, Service and Deployment of the build, as rendered, with
// two changes. The Deployments get a unique name (pods of parallel test runs must not
// clash), and their init containers are dropped: podman 4.3.1 runs init containers, but
// waits about 20 s for each to exit (a conmon timeout) and intermittently fails with
// "failed to remove once init container ... as it is running". The wait script itself is
// tested in scripts.test.ts. podman accepts the Service documents and ignores them.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { kubernetes } from '../../../src/backends/kubernetes/index.js';
import { MANIFESTS_FILE, yamlStream } from '../../../src/backends/kubernetes/render.js';
import { computeBuild, writeBuild } from '../../../src/build/build.js';
import { loadDefinition } from '../../../src/model/load.js';
import { removeTree } from '../../../src/store/write.js';
import { deploymentParams } from '../../conformance/acceptance.js';
import { listenerPid } from '../../helpers/listeners.js';
import { ensureBaseImage, podman, skipWithoutPodman } from '../../helpers/podman.js';
import { freePorts, get, waitFor } from '../../helpers/wait.js';
import { validateStrictly } from './schema.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

const uidOfPid = (pid: number): number => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

test('podman kube play: the rendered Deployments start and answer through the proxy', { timeout: 180_000 }, async (t) => {
  if (skipWithoutPodman(t)) return;
  const image = await ensureBaseImage();
  const state = mkdtempSync(join(tmpdir(), 'pf-k8s-play-'));
  // The containers run as the model's uids and read the store through the host path.
  chmodSync(state, 0o755);
  t.after(() => removeTree(state));
  const [webappPort, proxyPort] = await freePorts(2);
  const ids = { webappPorts: { webapp: webappPort! }, nginxPorts: { nginx: proxyPort! }, uids: { nginx: 2000, webapp: 2001 }, gids: { nginx: 2000, webapp: 2001 } };
  const model = join(root, 'examples/webapps/processes.ts');
  const result = computeBuild({
    definition: await loadDefinition(model), backend: kubernetes, sourceFile: model,
    params: { ...deploymentParams(state, true, 'kubernetes', ids), backendOptions: { hostNetwork: 'true', hostPaths: 'true', image } },
  });
  writeBuild(result);

  const suffix = basename(state).replace(/[^a-z0-9]/gi, '').toLowerCase();
  const played = result.model.processes.flatMap((p) => validateStrictly(readFileSync(join(result.processEntries.get(p.instance)!.path, MANIFESTS_FILE), 'utf8')))
    .map((doc) => {
      if (doc.kind !== 'Deployment') return doc;
      const d = structuredClone(doc) as typeof doc & { spec: { template: { spec: { initContainers?: unknown } } } };
      d.metadata.name = `pf-${suffix}-${doc.metadata.name}`;
      delete d.spec.template.spec.initContainers;
      return d;
    });
  const file = join(state, 'play.yaml');
  writeFileSync(file, yamlStream(played));
  t.after(() => podman(['kube', 'down', file], { allowFailure: true }));
  podman(['kube', 'play', file]);

  const answer = await waitFor('the proxy to route to the webapp', async () => {
    const reply = await get(proxyPort!, 'webapp.local');
    return reply.status === 200 && reply;
  }, 30_000);
  // PORT reaches the webapp only through the ConfigMap (envFrom).
  assert.match(answer.body, new RegExp(`listening on port: ${webappPort}`));
  assert.equal(uidOfPid(listenerPid(webappPort!)!), 2001, 'the webapp runs as its assigned uid');
  assert.equal(uidOfPid(listenerPid(proxyPort!)!), 2000, 'the proxy runs as its assigned uid');
  assert.equal((await get(proxyPort!, 'unknown.local')).status, 404);

  podman(['kube', 'down', file]);
  await waitFor('the pods to be gone', () => listenerPid(webappPort!) === null && listenerPid(proxyPort!) === null, 30_000);
  assert.equal(podman(['pod', 'ps', '-q', '--filter', `name=pf-${suffix}`]).trim(), '');
});
