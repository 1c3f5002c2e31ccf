// Secrets on the Kubernetes backend, against the recording stand-in kubectl (no cluster
// exists here): the store holds only the Secret's name and the pod's secretRef; the values
// reach kubectl only as the Secret in the apply's stdin, base64 as the API wants them; a
// dry run names the Secret without its values; a rotated value restarts the workload.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { kubernetes } from '../../../src/backends/kubernetes/index.js';
import { computeBuild, writeBuild } from '../../../src/build/build.js';
import { switchGeneration } from '../../../src/deploy/switch.js';
import { activationGeneration } from '../../../src/deploy/switch-backend.js';
import { loadDefinition } from '../../../src/model/load.js';
import { deploymentParams } from '../../conformance/acceptance.js';
import { filesHolding } from '../../conformance/secrets.js';

const fake = fileURLToPath(new URL('./fixtures/fake-kubectl.js', import.meta.url));
const model = fileURLToPath(new URL('../../fixtures/models/secrets.ts', import.meta.url));

interface Call { readonly argv: string[]; readonly stdin: string }
interface Doc { kind: string; metadata: { name: string }; data?: Record<string, string>; spec?: { template: { spec: { containers: { envFrom?: unknown[] }[] } } } }

test('kubernetes: secret values reach kubectl only as a Secret at apply time, never the store; a rotated value restarts the workload', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-k8s-secrets-'));
  const log = join(dir, 'kubectl.log');
  writeFileSync(log, '');
  chmodSync(fake, 0o755);
  const saved = { ...process.env };
  const secretEnv = `PF_K8S_SECRET_${randomBytes(4).toString('hex')}`;
  t.after(() => {
    for (const key of ['PROCFORM_KUBECTL', 'FAKE_KUBECTL_LOG', 'FAKE_KUBECTL_GET', secretEnv]) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    rmSync(dir, { recursive: true, force: true });
  });
  Object.assign(process.env, { PROCFORM_KUBECTL: fake, FAKE_KUBECTL_LOG: log });
  const fileValue = `${randomBytes(8).toString('hex')} with 'quotes' and\nnewline`;
  const envValue = randomBytes(8).toString('hex');
  const secretFile = join(dir, 'db-password');
  writeFileSync(secretFile, `${fileValue}\n`, { mode: 0o600 });
  process.env[secretEnv] = envValue;
  const params = { ...deploymentParams(join(dir, 'state'), false, 'kubernetes'), extraParams: { out: '/tmp/facts.json', secretFile, secretEnv } };
  const build = async () => {
    const result = computeBuild({ definition: await loadDefinition(model), params, backend: kubernetes, sourceFile: model });
    writeBuild(result);
    return result;
  };
  const calls = (): Call[] => readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Call);

  const built = await build();
  assert.deepEqual(filesHolding(params.storeDir, [fileValue.slice(0, 16), envValue]), [], 'the store holds no value');
  const describe = kubernetes.activator!.describe!({ start: ['keeper'], stop: [], keep: [], reasons: { keeper: 'added' } } as never, null, activationGeneration(built.generation.path, 'kubernetes'));
  assert.ok(describe.some((line) => line.includes('1 Secret (values not shown)')), describe.join('\n'));
  assert.ok(!describe.join('\n').includes(envValue), 'a dry run shows no value');

  const outcome = await switchGeneration({ backend: kubernetes, libDir: params.libDir, generation: built.generation.path });
  assert.deepEqual(outcome.failed, []);
  const apply = calls().find((c) => c.argv[0] === 'apply')!;
  assert.ok(apply.argv.includes('core/v1/Secret'), 'a Secret of a removed process is pruned');
  const docs = parseAllDocuments(apply.stdin).map((d) => d.toJS() as Doc);
  const secret = docs.find((d) => d.kind === 'Secret')!;
  assert.equal(docs.indexOf(secret), 0, 'the Secret comes before the pods that read it');
  const decoded = Object.fromEntries(Object.entries(secret.data!).map(([name, value]) => [name, Buffer.from(value, 'base64').toString('utf8')]));
  assert.deepEqual(decoded, { DB_PASSWORD: fileValue, API_TOKEN: envValue });
  const workload = docs.find((d) => d.kind === 'Deployment')!;
  assert.deepEqual(workload.spec!.template.spec.containers.find((c) => c.envFrom !== undefined)!.envFrom, [
    { configMapRef: { name: `${secret.metadata.name.replace(/-secrets$/, '')}-env` } },
    { secretRef: { name: secret.metadata.name } },
  ]);
  const configMap = docs.find((d) => d.kind === 'ConfigMap' && d.data?.PLAIN !== undefined)!;
  assert.deepEqual(Object.keys(configMap.data!).sort(), ['PATH', 'PLAIN'], 'only the public values are in the ConfigMap');

  // Rotated: the same generation, the Secret applied with the new value, the workload restarted.
  writeFileSync(secretFile, 'rotated');
  const again = await build();
  assert.equal(again.generation.path, built.generation.path);
  const ready = join(dir, 'get.json');
  writeFileSync(ready, JSON.stringify({ items: [{ kind: 'Deployment', metadata: { name: workload.metadata.name, annotations: { 'procform.io/instance': 'keeper' } }, status: { readyReplicas: 1 } }] }));
  process.env.FAKE_KUBECTL_GET = ready;
  const before = calls().length;
  assert.deepEqual((await switchGeneration({ backend: kubernetes, libDir: params.libDir, generation: again.generation.path })).failed, []);
  const later = calls().slice(before);
  const reapplied = later.filter((c) => c.argv[0] === 'apply').map((c) => parseAllDocuments(c.stdin).map((d) => d.toJS() as Doc).find((d) => d.kind === 'Secret')!);
  assert.equal(Buffer.from(reapplied.at(-1)!.data!.DB_PASSWORD!, 'base64').toString('utf8'), 'rotated');
  assert.ok(later.some((c) => c.argv[0] === 'rollout' && c.argv[1] === 'restart' && c.argv.includes(`deployment/${workload.metadata.name}`)), later.map((c) => c.argv.join(' ')).join('\n'));
});
