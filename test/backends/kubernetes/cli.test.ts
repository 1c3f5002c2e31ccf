// `procform build|switch -P kubernetes` end to end through the built CLI (dist/), with the
// recording stand-in kubectl: options checked, --dry-run planned without any kubectl run,
// a real switch's kubectl calls, the error without a cluster, and undeploy; status and logs
// through kubectl, and start/stop/restart declared unavailable.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { removeTree } from '../../../src/store/write.js';
import { lastLine, procform } from '../../helpers/cli.js';
import { validateStrictly } from './schema.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const model = join(root, 'examples/webapps/processes.ts');
const fake = fileURLToPath(new URL('./fixtures/fake-kubectl.js', import.meta.url));

test('build, switch --dry-run, switch, no cluster, undeploy', async (t) => {
  const state = mkdtempSync(join(tmpdir(), 'pf-k8s-cli-'));
  t.after(() => removeTree(state));
  const log = join(state, 'kubectl.log');
  writeFileSync(log, '');
  chmodSync(fake, 0o755);
  const env = { PROCFORM_KUBECTL: fake, FAKE_KUBECTL_LOG: log };
  const run = (args: string[], more: Record<string, string> = {}) =>
    procform([...args, '-P', 'kubernetes', '-f', model, '--state-dir', state, '--no-host-checks', '-o', 'namespace=shop'], { env: { ...env, ...more } });
  const calls = () => readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { argv: string[]; stdin: string });

  const built = run(['build']);
  assert.equal(built.code, 0, built.stderr);
  const generation = lastLine(built.stdout);
  assert.match(generation, /-generation-kubernetes$/);
  const manifests = readFileSync(join(generation, 'processes/webapp/manifests.yaml'), 'utf8');
  assert.ok(validateStrictly(manifests).every((d) => d.metadata.namespace === 'shop'));

  const bad = procform(['build', '-P', 'kubernetes', '-f', model, '--state-dir', state, '-o', 'namespace=Bad_NS']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /backend option namespace="Bad_NS" is not allowed[\s\S]*DNS-1123 label/);

  const dry = run(['switch', '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^start +webapp +\(added\)\nstart +nginx +\(added\)\n.*fake-kubectl\.js apply --namespace shop --prune -l procform\.io\/deployment=procform,app\.kubernetes\.io\/managed-by=procform .*-f - <<< the manifests of 2 processes/m);
  assert.match(dry.stdout, /rollout status --namespace shop deployment\/nginx --timeout=180s\n$/);
  const dryJson = JSON.parse(run(['switch', '--dry-run', '--json']).stdout) as { start: string[]; commands: string[] };
  assert.deepEqual(dryJson.start, ['webapp', 'nginx']);
  assert.equal(dryJson.commands.length, 3);
  assert.deepEqual(calls(), [], 'a dry run runs no kubectl at all');

  const switched = run(['switch']);
  assert.equal(switched.code, 0, switched.stderr);
  assert.equal(lastLine(switched.stdout), generation);
  assert.deepEqual(calls().map((c) => c.argv.slice(0, 2).join(' ')), ['get --namespace', 'apply --namespace', 'rollout status', 'rollout status']);
  assert.ok(!existsSync(join(state, 'lib/procform/profiles/kubernetes/accounts.json')), 'no local accounts for a cluster');

  // Without -o, the options of the current generation apply: the plan keeps everything.
  const sticky = procform(['switch', '--dry-run', '-P', 'kubernetes', '-f', model, '--state-dir', state, '--no-host-checks'], { env });
  assert.equal(sticky.code, 0, sticky.stderr);
  assert.match(sticky.stdout, /^keep +nginx +\(unchanged\)\nkeep +webapp +\(unchanged\)$/m);
  assert.match(sticky.stderr, /using namespace=shop from generation 1; -o KEY=VALUE changes it/);

  const unreachable = run(['switch'], { FAKE_KUBECTL_UNREACHABLE: '1' });
  assert.equal(unreachable.code, 2);
  assert.match(unreachable.stderr, /kubectl cannot reach a cluster: The connection to the server localhost:8080 was refused[\s\S]*hint: .*kubectl cluster-info.*--dry-run/);

  const undeploy = run(['switch', '--undeploy']);
  assert.equal(undeploy.code, 0, undeploy.stderr);
  assert.deepEqual(calls().at(-1)!.argv.slice(0, 5), ['delete', '--namespace', 'shop', '-l', 'procform.io/deployment=procform,app.kubernetes.io/managed-by=procform']);
});

test('status and logs of a Kubernetes deployment through kubectl; start, stop and restart point at kubectl', async (t) => {
  const state = mkdtempSync(join(tmpdir(), 'pf-k8s-observe-'));
  t.after(() => removeTree(state));
  const log = join(state, 'kubectl.log');
  const get = join(state, 'get.json');
  writeFileSync(log, '');
  const workload = (instance: string, ready: number) => ({
    kind: 'Deployment', metadata: { name: instance, annotations: { 'procform.io/instance': instance } }, spec: { replicas: 1 }, status: { replicas: 1, readyReplicas: ready },
  });
  writeFileSync(get, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [workload('webapp', 1), workload('nginx', 0)] }));
  chmodSync(fake, 0o755);
  const env = { PROCFORM_KUBECTL: fake, FAKE_KUBECTL_LOG: log, FAKE_KUBECTL_GET: get };
  const run = (args: string[]) => procform([...args, '--state-dir', state], { env });
  const calls = () => readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { argv: string[] }).argv);
  assert.equal(run(['switch', '-q', '-P', 'kubernetes', '-f', model, '--no-host-checks', '-o', 'namespace=shop']).code, 0);

  const status = run(['status', '--json']);
  assert.equal(status.code, 0, status.stderr);
  const document = JSON.parse(status.stdout) as { backend: string; unknown: string[]; processes: { instance: string; state: string; ready: boolean; pid: number | null }[] };
  assert.equal(document.backend, 'kubernetes');
  assert.deepEqual(document.processes.map((p) => [p.instance, p.state, p.ready, p.pid]), [['webapp', 'ready', true, null], ['nginx', 'starting', false, null]]);
  assert.deepEqual(document.unknown, ['pid', 'since', 'restarts', 'lastExit']);
  assert.deepEqual(calls().at(-1)!.slice(0, 3), ['get', '--namespace', 'shop']);
  assert.match(run(['status']).stdout, /^webapp +ready +— +— +— +yes +—$/m, 'what a cluster does not tell reads —');

  const logs = run(['logs', 'nginx', '-n', '3']);
  assert.equal(logs.code, 0, logs.stderr);
  assert.deepEqual(calls().at(-1), ['logs', '--namespace', 'shop', '--tail=3', 'deployment/nginx']);
  assert.equal(logs.stdout, 'logs done\n', "kubectl's output is the log");

  const restart = run(['restart', 'webapp']);
  assert.equal(restart.code, 2);
  assert.match(restart.stderr, /procform restart is not available for kubernetes: use kubectl rollout restart/);
  assert.notEqual(calls().at(-1)![0], 'rollout', 'nothing was restarted');
});
