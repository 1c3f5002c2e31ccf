// Kubernetes rendering: every manifest of both webapps models and of the feature model
// validates offline (kubernetes-models + the strict unknown-field check), a golden file for
// the webapps example, determinism, hostile values through YAML, and clear refusals.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { kubernetes } from '../../../src/backends/kubernetes/index.js';
import { generationMap } from '../../../src/backends/kubernetes/generation-map.js';
import { kubernetesOptions } from '../../../src/backends/kubernetes/options.js';
import { resourceName } from '../../../src/backends/kubernetes/names.js';
import { MANIFESTS_FILE, toYaml } from '../../../src/backends/kubernetes/render.js';
import { computeBuild, type BuildResult } from '../../../src/build/build.js';
import { InputError } from '../../../src/errors.js';
import { loadDefinition } from '../../../src/model/load.js';
import { goldenDirectory } from '../../helpers/golden.js';
import { testParams } from '../../helpers/params.js';
import { HOSTILE_ENVIRONMENT } from '../../conformance/hostile.js';
import { parseManifests, unknownFields, validateModel, validateStrictly } from './schema.js';
import { writeNodeApp } from '../docker/node-app.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const examples = join(root, 'examples/webapps');
const features = fileURLToPath(new URL('./fixtures/features.ts', import.meta.url));
const nodeApp = fileURLToPath(new URL('../docker/fixtures/node-app.ts', import.meta.url));
const golden = goldenDirectory(import.meta.url, ['webapps']);
const idsOf = (file: string) => (JSON.parse(readFileSync(join(examples, file), 'utf8')) as { ids: Record<string, Record<string, number>> }).ids;

const build = async (model: string, options: Record<string, string> = {}, extraParams: Record<string, unknown> = {}, ids = idsOf('ids.json')): Promise<BuildResult> =>
  computeBuild({
    definition: await loadDefinition(model), backend: kubernetes, sourceFile: model,
    params: { ...testParams('/srv/pf', { processManager: 'kubernetes', ids, extraParams }), backendOptions: options },
  });

const manifestsOf = (result: BuildResult, instance: string): string => {
  const node = result.processEntries.get(instance)!.files.find((f) => f.path === MANIFESTS_FILE);
  assert.ok(node?.kind === 'file');
  return node.content;
};

/** The whole `kubectl apply` stream of a build, in start order, with the generation ConfigMap. */
const streamOf = (result: BuildResult, options: Record<string, string> = {}): string => [
  ...result.model.processes.map((p) => manifestsOf(result, p.instance)),
  toYaml(generationMap({ path: result.generation.path, settings: {} as never, units: [...result.processEntries].map(([instance, e]) => ({ instance, entry: e.path, dependencies: [] })) }, kubernetesOptions(options))),
].join('---\n');

type Doc = ReturnType<typeof parseManifests>[number] & Record<string, any>;
const find = (docs: Doc[], kind: string, name: string): Doc => {
  const doc = docs.find((d) => d.kind === kind && d.metadata.name === name);
  assert.ok(doc, `${kind}/${name}`);
  return doc;
};

describe('kubernetes manifests validate strictly', () => {
  const variants: [string, string, Record<string, string>, Record<string, unknown>, string][] = [
    ['simple', 'processes.ts', {}, {}, 'ids.json'],
    ['simple, host network and paths', 'processes.ts', { hostNetwork: 'true', hostPaths: 'true', namespace: 'web', deployment: 'shop.v2' }, {}, 'ids.json'],
    ['simple, daemon webapp, nginx', 'processes.ts', {}, { webappMode: 'daemon', proxy: 'nginx' }, 'ids.json'],
    ['advanced', 'processes-advanced.ts', {}, {}, 'ids-advanced.json'],
    ['advanced, nginx', 'processes-advanced.ts', { hostNetwork: 'true' }, { proxy: 'nginx' }, 'ids-advanced.json'],
  ];
  for (const [label, model, options, extra, ids] of variants) {
    test(`webapps ${label}`, async () => {
      const result = await build(join(examples, model), options, extra, idsOf(ids));
      const docs = validateStrictly(streamOf(result, options));
      const workloads = docs.filter((d) => d.kind === 'Deployment');
      assert.equal(workloads.length, result.model.processes.length, 'one Deployment per process');
      assert.ok(docs.every((d) => d.metadata.namespace === (options.namespace ?? 'default')));
    });
  }

  test('feature model: StatefulSet with claims, Job, every readiness kind, launcher, hostile environment', async () => {
    const result = await build(features, { stateStorage: '5Gi' }, { environment: HOSTILE_ENVIRONMENT }, {});
    const docs = validateStrictly(streamOf(result)) as Doc[];
    const webName = resourceName('Web_Front.1');
    assert.match(webName, /^web-front-1-[0-9a-f]{6}$/, 'the instance name is sanitized, with a hash');
    assert.deepEqual(docs.map((d) => `${d.kind}/${d.metadata.name}`).sort(), [
      'ConfigMap/procform-generation', `ConfigMap/${webName}-env`, 'Deployment/logger', `Deployment/${webName}`, 'Deployment/worker',
      'Job/migrate', 'Service/db', `Service/${webName}`, 'StatefulSet/db',
    ]);
    const web = find(docs, 'Deployment', webName);
    assert.equal(web.metadata.annotations['procform.io/instance'], 'Web_Front.1');

    const db = find(docs, 'StatefulSet', 'db');
    assert.deepEqual(db.spec.volumeClaimTemplates.map((c: Doc) => [c.metadata.name, c.spec.resources.requests.storage]), [['state-0', '5Gi'], ['state-1', '5Gi']]);
    const [stateInit] = db.spec.template.spec.initContainers;
    assert.equal(stateInit.name, 'state-dirs');
    assert.deepEqual(stateInit.args, ['/var/lib/db', '0750', '3100:3100', '/var/log/db', '0700', '3100:3100']);
    assert.deepEqual(stateInit.securityContext, { runAsUser: 0 });
    const dbMain = db.spec.template.spec.containers[0];
    assert.deepEqual(dbMain.securityContext, { runAsUser: 3100, runAsGroup: 3100 });
    assert.deepEqual(dbMain.volumeMounts, [{ name: 'state-0', mountPath: '/var/lib/db' }, { name: 'state-1', mountPath: '/var/log/db' }]);
    assert.deepEqual(dbMain.startupProbe, { tcpSocket: { port: 5432 }, periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 30 });

    const webMain = web.spec.template.spec.containers[0];
    assert.deepEqual(webMain.readinessProbe.httpGet, { path: '/health?full=1', port: 8000 });
    assert.equal(webMain.readinessProbe.periodSeconds, 1, 'a 0.5 s interval rounds up to the 1 s minimum');
    assert.deepEqual(webMain.command, ['/bin/sh', '-c', webMain.command[2], 'launcher']);
    assert.deepEqual(webMain.args, ['0027', 'mkdir -p /tmp/web && echo "it\'s $HOME"', '', 'INT', '', '', '', 'nice', '-n', '5', '/opt/web/bin/server', '--db', 'db']);
    assert.equal(webMain.workingDir, '/opt/web');
    assert.equal(web.spec.template.spec.terminationGracePeriodSeconds, 25);
    assert.deepEqual(web.spec.template.spec.initContainers.map((c: Doc) => [c.name, c.args]), [['wait-db', ['db', '5432']]]);

    const worker = find(docs, 'Deployment', 'worker');
    const workerMain = worker.spec.template.spec.containers[0];
    assert.deepEqual(workerMain.args.slice(0, 8), ['', '', '/tmp/worker.pid', 'TERM', '', '', '', '/opt/worker/bin/workerd'], 'daemon-only: the launcher waits on the pid file');
    assert.deepEqual(workerMain.livenessProbe.exec, { command: ['/opt/worker/bin/check', '--quick'] });
    assert.deepEqual(worker.spec.template.spec.initContainers.map((c: Doc) => [c.name, c.args]), [[`wait-${webName}`, [webName, '8000']]]);
    assert.equal(find(docs, 'Deployment', 'logger').spec.template.spec.containers[0].readinessProbe, undefined, 'log readiness: no probe');

    const job = find(docs, 'Job', 'migrate');
    assert.equal(job.spec.backoffLimit, 0);
    assert.equal(job.spec.template.spec.restartPolicy, 'Never');
    assert.deepEqual(job.spec.template.spec.initContainers.map((c: Doc) => c.name), ['wait-db'], 'logger has no port to wait for');

    // Hostile values come back exactly from the ConfigMap, whichever YAML version reads it.
    const env = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name.endsWith('-env'))!;
    assert.deepEqual(env.data, { ...HOSTILE_ENVIRONMENT, DB_HOST: 'db' });
    const text = manifestsOf(result, 'Web_Front.1');
    const { parseAllDocuments } = await import('yaml');
    assert.deepEqual(parseAllDocuments(text, { version: '1.2' })[0]!.toJS().data, env.data);
  });

  test('a process with a user and an initialize starts as root: the launcher adds its accounts, runs initialize, then runs it as the user', async () => {
    const docs = validateStrictly(streamOf(await build(features, {}, { environment: {}, initializeDb: true }, {}))) as Doc[];
    const db = find(docs, 'StatefulSet', 'db');
    const main = db.spec.template.spec.containers[0];
    assert.deepEqual(main.securityContext, { runAsUser: 0, runAsGroup: 0 });
    assert.deepEqual(main.command, ['/bin/sh', '-c', main.command[2], 'launcher']);
    assert.deepEqual(main.args, [
      '', '[ -f /var/lib/db/ok ] || runuser -u db -- /usr/bin/db-init /var/lib/db', '', 'TERM',
      'db:x:3100:3100::/nonexistent:/usr/sbin/nologin', 'db:x:3100:', '3100:3100:3100:/nonexistent',
      '/usr/bin/db-server', '--data', '/var/lib/db',
    ]);
    assert.deepEqual(db.spec.template.spec.initContainers[0].args, ['/var/lib/db', '0750', '3100:3100', '/var/log/db', '0700', '3100:3100'], 'the state directories still belong to the user');
    // Without an initialize the database runs as its uid directly.
    const plain = find(validateStrictly(streamOf(await build(features, {}, { environment: {} }, {}))) as Doc[], 'StatefulSet', 'db');
    assert.deepEqual(plain.spec.template.spec.containers[0].securityContext, { runAsUser: 3100, runAsGroup: 3100 });
    assert.equal(plain.spec.template.spec.containers[0].command[0], '/usr/bin/db-server');
  });
});

describe('the strict check', () => {
  test('rejects an unknown field with its path, and kubernetes-models rejects a wrong type', async () => {
    const result = await build(join(examples, 'processes.ts'));
    const deployment = parseManifests(manifestsOf(result, 'webapp')).find((d) => d.kind === 'Deployment') as Doc;
    assert.deepEqual(unknownFields(deployment), []);
    deployment.spec.template.spec.containers[0].bogusField = 1;
    deployment.spec.strategy.rollingUpdte = {};
    deployment.metadata.labels['any.label/is-fine'] = 'x';
    assert.deepEqual(unknownFields(deployment), [
      'Deployment/webapp.spec.strategy.rollingUpdte: unknown field',
      'Deployment/webapp.spec.template.spec.containers[0].bogusField: unknown field',
    ]);
    assert.throws(() => validateStrictly(toYaml(deployment)), /containers\[0\]\.bogusField: unknown field/);
    deployment.spec.replicas = 'two';
    assert.throws(() => validateModel(deployment), /replicas must be integer/);
  });
});

describe('kubernetes rendering', () => {
  test('the webapps example matches the golden file', async () => {
    const result = await build(join(examples, 'processes.ts'));
    // The example's entries embed the checkout's path, so their hashes differ per checkout.
    golden.match('webapps', new Map(['webapp', 'nginx'].map((instance) =>
      [`${instance}/${MANIFESTS_FILE}`, manifestsOf(result, instance).replaceAll(root, '<root>/').replace(/\b[0-9a-z]{32}-/g, '<hash>-')] as const)));
  });

  test('rendering twice gives byte-identical entries', async () => {
    const a = await build(join(examples, 'processes-advanced.ts'), { hostNetwork: 'true' }, {}, idsOf('ids-advanced.json'));
    const b = await build(join(examples, 'processes-advanced.ts'), { hostNetwork: 'true' }, {}, idsOf('ids-advanced.json'));
    assert.equal(a.generation.path, b.generation.path);
    for (const [instance, entry] of a.processEntries) assert.deepEqual(entry.files, b.processEntries.get(instance)!.files);
  });

  test('a changed process changes only its own pod template annotation', async () => {
    const ids = idsOf('ids-advanced.json');
    const a = await build(join(examples, 'processes-advanced.ts'), {}, {}, ids);
    const b = await build(join(examples, 'processes-advanced.ts'), {}, {}, { ...ids, webappPorts: { ...ids.webappPorts, webapp6: 5999 } });
    const changed = [...a.processEntries].filter(([instance, entry]) => entry.path !== b.processEntries.get(instance)!.path).map(([i]) => i).sort();
    assert.deepEqual(changed, ['nginx2', 'webapp6']);
    const annotation = (r: BuildResult, i: string) => (parseManifests(manifestsOf(r, i)).find((d) => d.kind === 'Deployment') as Doc).spec.template.metadata.annotations['procform.io/entry'];
    assert.equal(annotation(b, 'webapp6'), b.processEntries.get('webapp6')!.path.split('/').pop(), 'the annotation names the entry itself');
    assert.notEqual(annotation(a, 'webapp6'), annotation(b, 'webapp6'));
    assert.equal(annotation(a, 'webapp1'), annotation(b, 'webapp1'));
  });

  test('serviceHost: the Service name, or localhost on the host network', async () => {
    const args = (r: BuildResult) => (parseManifests(manifestsOf(r, 'nginx')).find((d) => d.kind === 'Deployment') as Doc).spec.template.spec.containers[0].args;
    assert.ok(args(await build(join(examples, 'processes.ts'))).includes('webapp.local=webapp:5000'));
    assert.ok(args(await build(join(examples, 'processes.ts'), { hostNetwork: 'true' })).includes('webapp.local=5000'));
    assert.equal(kubernetes.serviceHost!('Web_Front.1', { hostNetwork: 'false' }), kubernetes.entryName({ instance: 'Web_Front.1' } as never));
  });

  test('hostPaths: the store and the executable\'s directory, read-only; never a system directory', async () => {
    const deployment = (r: BuildResult, i: string) => parseManifests(manifestsOf(r, i)).find((d) => d.kind === 'Deployment') as Doc;
    const node = await build(join(examples, 'processes.ts'), { hostPaths: 'true' });
    const webapp = deployment(node, 'webapp').spec.template.spec;
    assert.deepEqual(webapp.volumes, [
      { name: 'store', hostPath: { path: '/srv/pf/store', type: 'Directory' } },
      { name: 'executable', hostPath: { path: join(examples, 'bin'), type: 'Directory' } },
    ]);
    assert.deepEqual(webapp.containers[0].volumeMounts, [
      { name: 'store', mountPath: '/srv/pf/store', readOnly: true }, { name: 'executable', mountPath: join(examples, 'bin'), readOnly: true },
    ]);
    const nginx = deployment(await build(join(examples, 'processes.ts'), { hostPaths: 'true' }, { proxy: 'nginx' }), 'nginx').spec.template.spec;
    assert.deepEqual(nginx.volumes.map((v: Doc) => v.name), ['store'], '/usr/sbin/nginx comes from the image');
    assert.equal(deployment(await build(join(examples, 'processes.ts')), 'webapp').spec.template.spec.volumes, undefined);
  });

  test('hostPaths: a script argument, declared inputs and the working directory are mounted from the node too', async (t) => {
    const dir = writeNodeApp(t);
    const result = await build(nodeApp, { hostPaths: 'true' }, { dir, port: 7003 }, {});
    const app = (validateStrictly(manifestsOf(result, 'app')) as Doc[]).find((d) => d.kind === 'Deployment')!.spec.template.spec;
    assert.deepEqual(app.volumes, [
      { name: 'store', hostPath: { path: '/srv/pf/store', type: 'Directory' } },
      { name: 'host-0', hostPath: { path: `${dir}/app/server.js`, type: 'File' } },
      { name: 'host-1', hostPath: { path: `${dir}/shared`, type: 'Directory' } },
      { name: 'host-2', hostPath: { path: `${dir}/work`, type: 'Directory' } },
    ]);
    assert.ok(app.containers[0].volumeMounts.every((m: Doc) => m.readOnly === true));
    const withoutHostPaths = await build(nodeApp, {}, { dir, port: 7003 }, {});
    const plain = parseManifests(manifestsOf(withoutHostPaths, 'app')).find((d) => d.kind === 'Deployment') as Doc;
    assert.equal(plain.spec.template.spec.volumes, undefined, 'without hostPaths the image must hold them');
  });

  test('hostPaths: inputs under the deployment\'s tmp dir (a shared /tmp holding the project) are mounted too', async (t) => {
    const dir = writeNodeApp(t);
    const params = { ...testParams('/srv/pf', { processManager: 'kubernetes', ids: {}, extraParams: { dir, port: 7003 } }), tmpDir: dirname(dir), backendOptions: { hostPaths: 'true' } };
    const result = computeBuild({ definition: await loadDefinition(nodeApp), backend: kubernetes, sourceFile: nodeApp, params });
    const app = (validateStrictly(manifestsOf(result, 'app')) as Doc[]).find((d) => d.kind === 'Deployment')!.spec.template.spec;
    assert.deepEqual(app.volumes.map((v: Doc) => v.hostPath.path), ['/srv/pf/store', `${dir}/app/server.js`, `${dir}/shared`, `${dir}/work`]);
  });

  test('invalid options are clear errors', async () => {
    for (const [key, value, why] of [['namespace', 'Prod_1', /namespace=.*Prod_1.*not allowed/], ['deployment', 'a b', /deployment=.*not allowed/], ['hostNetwork', 'yes', /choose one of: false, true/], ['stateStorage', 'lots', /stateStorage/], ['nmespace', 'x', /no option "nmespace"/]] as const) {
      await assert.rejects(build(join(examples, 'processes.ts'), { [key]: value }), (e: Error) => e instanceof InputError && why.test(`${e.message} ${e.hint ?? ''}`), key);
    }
  });

  test('a user without a known uid is refused, naming the way out', async () => {
    await assert.rejects(build(join(examples, 'processes.ts'), {}, {}, {}), (e: Error) =>
      e instanceof InputError && /process "webapp" runs as user "webapp", whose uid is not known/.test(e.message) && /--force-disable-user-change/.test(e.hint ?? ''));
    const unprivileged = await computeBuild({
      definition: await loadDefinition(join(examples, 'processes.ts')), backend: kubernetes, sourceFile: 'processes.ts',
      params: testParams('/srv/pf', { processManager: 'kubernetes', forceDisableUserChange: true }),
    });
    const main = (parseManifests(manifestsOf(unprivileged, 'webapp')).find((d) => d.kind === 'Deployment') as Doc).spec.template.spec.containers[0];
    assert.equal(main.securityContext, undefined, 'without user change the image\'s user runs it');
  });
});
