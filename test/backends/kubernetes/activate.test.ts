// The Kubernetes activator against a recording stand-in kubectl (no cluster exists here):
// the exact kubectl runs of a first deployment, a change, a failed rollout with rollback,
// Jobs, a namespace move and undeploy; status from `kubectl get`; the errors when kubectl
// or the cluster is missing.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { kubernetes } from '../../../src/backends/kubernetes/index.js';
import { computeBuild, writeBuild, type BuildResult } from '../../../src/build/build.js';
import { activationGeneration, switchBackend } from '../../../src/deploy/switch-backend.js';
import { ControlError } from '../../../src/errors.js';
import { loadDefinition } from '../../../src/model/load.js';
import { deploymentParams } from '../../conformance/acceptance.js';
import { validateStrictly } from './schema.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const examples = join(root, 'examples/webapps');
const fake = fileURLToPath(new URL('./fixtures/fake-kubectl.js', import.meta.url));
const features = fileURLToPath(new URL('./fixtures/features.ts', import.meta.url));
const idsIn = (file: string) => (JSON.parse(readFileSync(join(examples, file), 'utf8')) as { ids: Record<string, Record<string, number>> }).ids;
// Both models in one deployment: the pools of both ids files, merged.
const ids = Object.fromEntries(Object.entries(idsIn('ids-advanced.json')).map(([pool, assigned]) => [pool, { ...idsIn('ids.json')[pool], ...assigned }]));
const activator = kubernetes.activator!;
const SELECTOR = 'procform.io/deployment=procform,app.kubernetes.io/managed-by=procform';
const ALLOW = ['--prune-allowlist', 'core/v1/Secret', '--prune-allowlist', 'core/v1/ConfigMap', '--prune-allowlist', 'core/v1/Service', '--prune-allowlist', 'apps/v1/Deployment', '--prune-allowlist', 'apps/v1/StatefulSet', '--prune-allowlist', 'batch/v1/Job'];

interface Call { readonly argv: string[]; readonly stdin: string }

/** A store in a temp dir and the stand-in kubectl, with its log. */
const setup = (t: TestContext) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-k8s-activate-'));
  const log = join(dir, 'kubectl.log');
  writeFileSync(log, '');
  chmodSync(fake, 0o755);
  const saved = { ...process.env };
  Object.assign(process.env, { PROCFORM_KUBECTL: fake, FAKE_KUBECTL_LOG: log });
  t.after(() => {
    for (const key of ['PROCFORM_KUBECTL', 'FAKE_KUBECTL_LOG', 'FAKE_KUBECTL_GET', 'FAKE_KUBECTL_FAIL', 'FAKE_KUBECTL_UNREACHABLE']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const params = deploymentParams(join(dir, 'state'), true, 'kubernetes', ids);
  const build = async (model: string, options: Record<string, string> = {}, extraParams: Record<string, unknown> = {}): Promise<BuildResult> => {
    const result = computeBuild({ definition: await loadDefinition(model), params: { ...params, extraParams, backendOptions: options }, backend: kubernetes, sourceFile: model });
    writeBuild(result);
    return result;
  };
  const generation = (result: BuildResult | null) => (result ? activationGeneration(result.generation.path, 'kubernetes') : null);
  /** The calls since the last look. */
  let seen = 0;
  const calls = (): Call[] => {
    const all = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Call);
    const fresh = all.slice(seen);
    seen = all.length;
    return fresh;
  };
  /** `kubectl get` answers these workloads as ready. */
  const ready = (instances: Record<string, string>) => {
    const file = join(dir, 'get.json');
    writeFileSync(file, JSON.stringify({
      items: Object.entries(instances).map(([instance, kind]) => ({
        kind, metadata: { name: instance, annotations: { 'procform.io/instance': instance } }, status: kind === 'Job' ? { succeeded: 1 } : { readyReplicas: 1 },
      })),
    }));
    process.env.FAKE_KUBECTL_GET = file;
  };
  return { dir, build, generation, calls, ready };
};

test('first deployment: one apply --prune of every manifest, then a rollout wait per process in start order', async (t) => {
  const k = setup(t);
  const simple = await k.build(join(examples, 'processes.ts'));
  const outcome = await switchBackend(activator, null, k.generation(simple));
  assert.deepEqual(outcome.failed, []);
  const calls = k.calls();
  assert.deepEqual(calls.map((c) => c.argv), [
    ['get', '--namespace', 'default', '-l', SELECTOR, 'deployments.apps,statefulsets.apps,jobs.batch', '-o', 'json'],
    ['apply', '--namespace', 'default', '--prune', '-l', SELECTOR, ...ALLOW, '-f', '-'],
    ['rollout', 'status', '--namespace', 'default', 'deployment/webapp', '--timeout=180s'],
    ['rollout', 'status', '--namespace', 'default', 'deployment/nginx', '--timeout=180s'],
  ]);
  const docs = validateStrictly(calls[1]!.stdin);
  assert.deepEqual(docs.map((d) => `${d.kind}/${d.metadata.name}`), ['ConfigMap/webapp-env', 'Service/webapp', 'Deployment/webapp', 'Service/nginx', 'Deployment/nginx', 'ConfigMap/procform-generation']);
  const record = docs.at(-1) as unknown as { data: Record<string, string>; metadata: { labels: Record<string, string> } };
  assert.equal(record.data.generation, simple.generation.path);
  assert.equal(record.metadata.labels['procform.io/generation'], simple.generation.path.split('/').pop()!.slice(0, 32));
  assert.deepEqual(JSON.parse(record.data.processes!), { nginx: simple.processEntries.get('nginx')!.path, webapp: simple.processEntries.get('webapp')!.path });
});

test('running() reads ready workloads from kubectl get', async (t) => {
  const k = setup(t);
  const file = join(k.dir, 'get.json');
  writeFileSync(file, JSON.stringify({ items: [
    { kind: 'Deployment', metadata: { annotations: { 'procform.io/instance': 'up' } }, status: { readyReplicas: 1 } },
    { kind: 'Deployment', metadata: { annotations: { 'procform.io/instance': 'starting' } }, status: { replicas: 1 } },
    { kind: 'StatefulSet', metadata: { annotations: { 'procform.io/instance': 'Odd Name' } }, status: { readyReplicas: 1 } },
    { kind: 'Job', metadata: { annotations: { 'procform.io/instance': 'done' } }, status: { succeeded: 1 } },
    { kind: 'Job', metadata: { annotations: { 'procform.io/instance': 'failed' } }, status: { failed: 1 } },
    { kind: 'Deployment', metadata: { name: 'not-ours' }, status: { readyReplicas: 1 } },
  ] }));
  process.env.FAKE_KUBECTL_GET = file;
  const settings = { ...deploymentParams('/srv/pf', false, 'kubernetes'), backendOptions: { namespace: 'shop' } };
  assert.deepEqual([...(await activator.running(settings))].sort(), ['Odd Name', 'done', 'up']);
  assert.equal(k.calls()[0]!.argv[2], 'shop');
});

test('a change: the cluster rolls what changed, procform restarts the dependents of what restarted', async (t) => {
  const k = setup(t);
  const simple = await k.build(join(examples, 'processes.ts'));
  const daemon = await k.build(join(examples, 'processes.ts'), {}, { webappMode: 'daemon' });
  assert.equal(daemon.processEntries.get('nginx')!.path, simple.processEntries.get('nginx')!.path, 'the proxy itself is unchanged');
  k.ready({ webapp: 'Deployment', nginx: 'Deployment' });
  const outcome = await switchBackend(activator, k.generation(simple), k.generation(daemon));
  assert.deepEqual(outcome.failed, []);
  assert.deepEqual(outcome.plan.reasons, { nginx: 'dependency-restarted', webapp: 'changed' });
  assert.deepEqual(k.calls().slice(1).map((c) => c.argv.slice(0, 5).join(' ')), [
    'apply --namespace default --prune -l',
    'rollout restart --namespace default deployment/nginx',
    'rollout status --namespace default deployment/webapp',
    'rollout status --namespace default deployment/nginx',
  ]);
});

test('a failed rollout fails its dependents without waiting, and the previous generation is applied again', async (t) => {
  const k = setup(t);
  const simple = await k.build(join(examples, 'processes.ts'));
  const advanced = await k.build(join(examples, 'processes-advanced.ts'));
  k.ready({ webapp: 'Deployment', nginx: 'Deployment' });
  process.env.FAKE_KUBECTL_FAIL = 'webapp1';
  const outcome = await switchBackend(activator, k.generation(simple), k.generation(advanced));
  assert.deepEqual(outcome.failed.slice(0, 2), [
    { instance: 'webapp1', reason: 'error: deployment/webapp1 exceeded its progress deadline' },
    { instance: 'nginx', reason: 'its dependency webapp1 did not come up' },
  ]);
  assert.equal(outcome.rolledBack, true);
  const applies = k.calls().filter((c) => c.argv[0] === 'apply');
  assert.equal(applies.length, 2);
  assert.match(applies[1]!.stdin, new RegExp(`generation: ${simple.generation.path}`), 'the way back applies the previous generation');
  assert.ok(!k.calls().some((c) => c.argv.includes('deployment/nginx') && c.argv[1] === 'status'), 'nginx was never waited for');
});

test('Jobs are deleted before they are applied again; undeploy deletes by label; a namespace move cleans the old one', async (t) => {
  const k = setup(t);
  const withJob = await k.build(features, {}, { environment: {} });
  await switchBackend(activator, null, k.generation(withJob));
  const first = k.calls().map((c) => c.argv.join(' '));
  assert.ok(first.indexOf('delete --namespace default job/migrate --ignore-not-found') < first.findIndex((c) => c.startsWith('apply')));
  assert.ok(first.includes('wait --namespace default --for=condition=complete job/migrate --timeout=180s'));
  assert.ok(first.includes('rollout status --namespace default statefulset/db --timeout=150s'));

  const moved = await k.build(join(examples, 'processes.ts'), { namespace: 'shop' });
  await switchBackend(activator, k.generation(withJob), k.generation(moved));
  const second = k.calls().map((c) => c.argv.join(' '));
  assert.equal(second.at(-1), `delete --namespace default -l ${SELECTOR} --ignore-not-found secrets,configmaps,services,deployments.apps,statefulsets.apps,jobs.batch`);

  await switchBackend(activator, k.generation(moved), null);
  assert.deepEqual(k.calls().map((c) => c.argv.join(' ')).slice(1), [`delete --namespace shop -l ${SELECTOR} --ignore-not-found secrets,configmaps,services,deployments.apps,statefulsets.apps,jobs.batch`]);
});

test('describe lists the commands of a switch without running kubectl', async (t) => {
  const k = setup(t);
  const simple = await k.build(join(examples, 'processes.ts'), { namespace: 'shop' });
  const plan = { stop: [], start: ['webapp', 'nginx'], keep: [], reasons: { webapp: 'added', nginx: 'added' } } as const;
  const lines = activator.describe!(plan, null, k.generation(simple));
  assert.deepEqual(lines, [
    `${fake} apply --namespace shop --prune -l ${SELECTOR} ${ALLOW.join(' ')} -f - <<< the manifests of 2 processes and the generation ConfigMap`,
    `${fake} rollout status --namespace shop deployment/webapp --timeout=180s`,
    `${fake} rollout status --namespace shop deployment/nginx --timeout=180s`,
  ]);
  assert.deepEqual(k.calls(), []);
});

test('no cluster, or no kubectl: clear errors before anything changes', async (t) => {
  const k = setup(t);
  const simple = await k.build(join(examples, 'processes.ts'));
  process.env.FAKE_KUBECTL_UNREACHABLE = '1';
  await assert.rejects(switchBackend(activator, null, k.generation(simple)), (e: Error) =>
    e instanceof ControlError && /kubectl cannot reach a cluster: The connection to the server localhost:8080 was refused/.test(e.message) && /--dry-run/.test(e.hint ?? ''));
  assert.deepEqual(k.calls().map((c) => c.argv[0]), ['get'], 'nothing was applied');
  process.env.PROCFORM_KUBECTL = join(k.dir, 'no-such-kubectl');
  await assert.rejects(activator.running(k.generation(simple)!.settings), (e: Error) =>
    e instanceof ControlError && /kubectl not found/.test(e.message) && /PROCFORM_KUBECTL/.test(e.hint ?? ''));
});
