// translate + render of the docker backend: golden records and compose.yaml for the
// webapps example, the exact `docker create` arguments, hostile values kept exact in the
// JSON record, the argv and compose.yaml (parsed back), option checks and refusals.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { composeDocument, createArgs, docker, renderCompose, RECORD_FILE, type DockerContainer } from '../../../src/backends/docker/index.js';
import type { ContainerAccounts } from '../../../src/backends/docker/accounts.js';
import { computeBuild, type BuildResult } from '../../../src/build/build.js';
import { InputError } from '../../../src/errors.js';
import { loadDefinition } from '../../../src/model/load.js';
import type { BaseParams } from '../../../src/model/evaluate.js';
import { goldenDirectory } from '../../helpers/golden.js';
import { testParams } from '../../helpers/params.js';
import { HOSTILE_ENVIRONMENT, HOSTILE_VALUES } from '../../conformance/hostile.js';
import { writeNodeApp } from './node-app.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const examples = join(root, 'examples/webapps');
const features = fileURLToPath(new URL('./fixtures/features.ts', import.meta.url));
const hostile = join(root, 'test/fixtures/models/hostile.ts');
const nodeApp = fileURLToPath(new URL('./fixtures/node-app.ts', import.meta.url));
const golden = goldenDirectory(import.meta.url, ['webapps', 'webapps-daemon-host']);
const IMAGE = 'registry.example/app:1';

const build = async (model: string, extraParams: Record<string, unknown> = {}, more: Partial<BaseParams> = {}): Promise<BuildResult> =>
  computeBuild({
    definition: await loadDefinition(model),
    params: { ...testParams('/srv/pf'), processManager: 'docker', extraParams, backendOptions: { image: IMAGE }, ...more },
    backend: docker,
    sourceFile: model,
  });

/** The record of every process, by instance, in the model's order. */
const recordsOf = (result: BuildResult): Map<string, DockerContainer> => new Map(result.model.processes.map((spec) => {
  const node = result.processEntries.get(spec.instance)!.files.find((f) => f.path === RECORD_FILE)!;
  assert.equal(node.kind, 'file');
  return [spec.instance, JSON.parse(node.kind === 'file' ? node.content : '') as DockerContainer];
}));

// Entries of the example embed the checkout's path, so their hashes differ per checkout.
const neutral = (text: string): string => text.replaceAll(root, '<root>/').replace(/\/store\/[0-9a-z]{32}-/g, '/store/<hash>-');

/** Objects with their keys sorted, recursively: the order of JSON.stringify's output. */
const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
};

type ComposeVolume = { target: string };

/**
 * The neutral text, sorted again where the output is sorted by path: mounts are ordered by
 * their paths, and the checkout's path sorts before or after the state directory depending
 * on where the checkout is.
 */
const canonical = (path: string, text: string): string => {
  const plain = neutral(text);
  if (path.endsWith('.json')) return `${JSON.stringify(sortKeys(JSON.parse(plain)), null, 2)}\n`;
  if (!path.endsWith('.yaml')) return plain;
  const document = YAML.parse(plain) as { services: Record<string, { volumes?: ComposeVolume[] }> };
  for (const service of Object.values(document.services)) service.volumes?.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
  return renderCompose(document);
};

/** The files of every process entry, by `<instance>/<path>`, made independent of the checkout. */
const entryFiles = (result: BuildResult): Map<string, string> => new Map([...result.processEntries].flatMap(([instance, entry]) =>
  entry.files.flatMap((node) => (node.kind === 'file' ? [[`${instance}/${node.path}`, canonical(node.path, node.content)] as const] : []))));

/** Undoes compose's "$$" escaping in every string of a parsed document. */
const unescape = (value: unknown): unknown => {
  if (typeof value === 'string') return value.replaceAll('$$', '$');
  if (Array.isArray(value)) return value.map(unescape);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unescape(v)]));
  return value;
};

/** Sorted by code unit, like the rendered mounts: where the checkout sorts depends on its path. */
const byPath = (items: string[]): string[] => [...items].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The accounts a compose host has: every user 1000 in group 1001 (with 27 besides). */
const fixedAccounts = (record: DockerContainer): ContainerAccounts | null => (record.user === null ? null : {
  passwd: [`${record.user}:x:1000:1001::/nonexistent:/usr/sbin/nologin`],
  group: [`${record.group ?? record.user}:x:1001:`],
  runAs: { uid: 1000, gid: 1001, groups: [27, 1001], home: '/nonexistent' },
});
const ACCOUNT_ENVIRONMENT = (user: string) => ({
  PROCFORM_GROUP: `${user}:x:1001:`,
  PROCFORM_PASSWD: `${user}:x:1000:1001::/nonexistent:/usr/sbin/nologin`,
  PROCFORM_RUN_AS: '1000:1001:27,1001:/nonexistent',
});

describe('docker rendering', () => {
  test('the webapps example matches the golden files (records, scripts, compose.yaml)', async () => {
    const simple = await build(join(examples, 'processes.ts'));
    const records = [...recordsOf(simple).values()];
    const text = renderCompose(composeDocument(records, fixedAccounts));
    golden.match('webapps', new Map([...entryFiles(simple), ['compose.yaml', canonical('compose.yaml', text)]]));
    // Parsed back, each service says what its record says.
    type Service = { container_name: string; image: string; command: string[]; environment?: Record<string, string>; labels: Record<string, string>; stop_signal: string; user: string; volumes: { source: string; target: string; read_only?: boolean }[] };
    const services = (unescape(YAML.parse(text)) as { services: Record<string, Service> }).services;
    assert.deepEqual(Object.keys(services).sort(), ['nginx', 'webapp']);
    for (const record of records) {
      const service = services[record.activation.instance]!;
      assert.deepEqual(
        [service.container_name, service.image, service.command, service.environment ?? {}, service.labels, service.stop_signal, service.user],
        [record.name, record.image, record.command, { ...record.environment, ...ACCOUNT_ENVIRONMENT(record.user!) }, record.labels, record.stopSignal, '0:0'],
      );
      assert.deepEqual(service.volumes.map((v) => [v.target, v.source, v.read_only === true]), Object.entries(record.mounts).map(([target, m]) => [target, m.source, m.readOnly]));
    }
    golden.match('webapps-daemon-host', entryFiles(await build(join(examples, 'processes.ts'), { webappMode: 'daemon' }, { backendOptions: { image: IMAGE, network: 'host', deployment: 'web' } })));
  });

  test('rendering twice gives byte-identical entries and compose documents', async () => {
    const a = await build(join(examples, 'processes-advanced.ts'));
    const b = await build(join(examples, 'processes-advanced.ts'));
    assert.equal(a.generation.path, b.generation.path);
    const compose = (r: BuildResult) => renderCompose(composeDocument([...recordsOf(r).values()], fixedAccounts));
    assert.equal(compose(a), compose(b));
  });

  test('the create arguments carry every setting as one --flag=value word, the command last', async () => {
    const records = recordsOf(await build(features, { dir: '/srv/pf/f', port: 7001, port2: 7002 }));
    const http = records.get('http')!;
    const args = createArgs({ ...http, user: 'web' }, fixedAccounts({ ...http, user: 'web' }));
    const entry = http.labels['io.procform.entry']!;
    assert.deepEqual(args, [
      'create', '--name=procform-http',
      '--label=io.procform.deployment=procform', `--label=io.procform.entry=${entry}`, '--label=io.procform.instance=http', '--label=io.procform.type=longrun',
      '--init', '--restart=on-failure:3', '--stop-signal=SIGINT', '--stop-timeout=3',
      '--user=0:0',
      '--env=PORT=7002', ...Object.entries(ACCOUNT_ENVIRONMENT('web')).map(([name, value]) => `--env=${name}=${value}`),
      '--network=procform', '--network-alias=http', '--publish=7002:7002',
      ...byPath(['/srv/pf', '/srv/pf/store', `${root}test/fixtures/bin`]).map((path) => `--volume=${path}:${path}${path === '/srv/pf' ? '' : ':ro'}`),
      // The lib dir's secrets directory, which the /srv/pf mount carries, is hidden.
      '--tmpfs=/srv/pf/lib/procform/secrets:mode=0700',
      '--entrypoint=', IMAGE, `${root}test/fixtures/bin/ready-after.js`, '300',
    ]);
    // Limits the engine needs on this machine go with the other flags, before the image.
    const limited = createArgs(http, null, ['--ulimit=nofile=1024:1024', '--ulimit=nproc=500:500']);
    assert.deepEqual(limited.slice(limited.indexOf('--entrypoint=') - 2, limited.indexOf('--entrypoint=') + 2), ['--ulimit=nofile=1024:1024', '--ulimit=nproc=500:500', '--entrypoint=', IMAGE]);
    const facts = records.get('facts')!;
    assert.equal(facts.workdir, '/srv/pf/f');
    assert.match(facts.command[0]!, /^\/srv\/pf\/store\/[a-z0-9]+-facts\/run$/);
    assert.equal(facts.wrapper, `#!/bin/sh\n# procform: sets up what docker has no option for, then runs the command given as arguments.\numask 0027\n/bin/sh -c 'echo initialized > /srv/pf/f/initialized' || exit $?\nexec nice -n 5 "$@"\n`);
    execFileSync('sh', ['-n', '-c', facts.wrapper!]);
    const daemon = records.get('daemon')!;
    assert.equal(daemon.daemonProxy, true);
    assert.deepEqual(daemon.command.slice(1), ['/srv/pf/f/daemon.pid', `${root}test/fixtures/bin/daemonize.js`, '/srv/pf/f/daemon.pid']);
    assert.deepEqual(records.get('once')!.restart, { policy: 'on-failure', maxRetries: 10 });
    assert.equal(records.get('once')!.activation.type, 'oneshot');
    assert.deepEqual(records.get('checked')!.healthcheck, { command: ['/usr/bin/test', '-s', '/srv/pf/f/daemon.pid'], intervalSeconds: 0.25, retries: 80 });
    // A probe from the host reaches the published port; the exec probe's program comes from the image.
    assert.deepEqual(records.get('logged')!.ports, []);
    assert.deepEqual(Object.keys(records.get('checked')!.mounts), byPath(['/srv/pf', '/srv/pf/store', `${root}test/fixtures/bin`]));
  });

  test('a script argument, declared inputs and the working directory are mounted read-only; the image\'s own paths are not', async (t) => {
    const dir = writeNodeApp(t);
    const app = recordsOf(await build(nodeApp, { dir, port: 7003 })).get('app')!;
    assert.deepEqual(app.command, ['node', `${dir}/app/server.js`, '--quiet-log', '/dev/null']);
    assert.deepEqual(app.mounts, {
      '/srv/pf': { source: '/srv/pf', readOnly: false },
      '/srv/pf/store': { source: '/srv/pf/store', readOnly: true },
      [`${dir}/app/server.js`]: { source: `${dir}/app/server.js`, readOnly: true },
      [`${dir}/shared`]: { source: `${dir}/shared`, readOnly: true },
      [`${dir}/work`]: { source: `${dir}/work`, readOnly: true },
    });
    const args = createArgs(app, null);
    assert.ok(args.includes(`--volume=${dir}/app/server.js:${dir}/app/server.js:ro`), args.join(' '));
  });

  test('executables inside the image are not mounted, the nginx proxy runs the image\'s nginx', async () => {
    const records = recordsOf(await build(join(examples, 'processes.ts'), { proxy: 'nginx' }));
    const nginx = records.get('nginx')!;
    assert.equal(nginx.command[1], '/usr/sbin/nginx');
    assert.deepEqual(Object.keys(nginx.mounts), ['/srv/pf', '/srv/pf/store']);
  });

  test('compose: depends_on waits for a healthcheck only where one exists', async () => {
    const records = [...recordsOf(await build(features, { dir: '/srv/pf/f', port: 7001, port2: 7002 })).values()];
    const document = YAML.parse(renderCompose(composeDocument(records, fixedAccounts))) as { services: Record<string, Record<string, unknown>>; networks: unknown; name: string };
    assert.equal(document.name, 'procform');
    assert.deepEqual(document.services.facts!.depends_on, { checked: { condition: 'service_healthy' } });
    assert.deepEqual(document.services.http!.depends_on, { logged: { condition: 'service_started' } });
    assert.deepEqual(document.services.checked!.healthcheck, { test: ['CMD', '/usr/bin/test', '-s', '/srv/pf/f/daemon.pid'], interval: '0.25s', retries: 80 });
    assert.equal(document.services.http!.restart, 'on-failure:3');
    assert.equal(document.services.http!.stop_grace_period, '3s');
    assert.deepEqual(document.services.http!.ports, ['7002:7002']);
    assert.deepEqual(document.services.facts!.cap_add, undefined);
    assert.deepEqual(document.networks, { procform: { name: 'procform', labels: { 'io.procform.deployment': 'procform' } } });
  });

  test('hostile values stay exact in the record, the create arguments and compose.yaml', async () => {
    const out = '/srv/pf/$out dir/facts.json';
    const result = await build(hostile, { out, args: HOSTILE_VALUES, environment: HOSTILE_ENVIRONMENT });
    const record = recordsOf(result).get('hostile')!;
    const printEnv = `${root}test/fixtures/bin/print-env.js`;
    assert.deepEqual(record.command, [printEnv, out, ...HOSTILE_VALUES]);
    assert.deepEqual(record.environment, { ...HOSTILE_ENVIRONMENT, PATH: '/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' });
    const args = createArgs(record, null);
    assert.deepEqual(args.slice(-(HOSTILE_VALUES.length + 3)), [IMAGE, printEnv, out, ...HOSTILE_VALUES]);
    for (const [name, value] of Object.entries(HOSTILE_ENVIRONMENT)) assert.ok(args.includes(`--env=${name}=${value}`), name);
    const text = renderCompose(composeDocument([record], fixedAccounts));
    assert.ok(!/[^$]\$[^$]/.test(text.replaceAll('$$', '')), 'every $ is doubled');
    for (const version of ['1.1', '1.2'] as const) {
      const parsed = unescape(YAML.parse(text, { version })) as { services: { hostile: { command: string[]; environment: Record<string, string> } } };
      assert.deepEqual(parsed.services.hostile.command, record.command, `command under YAML ${version}`);
      assert.deepEqual(parsed.services.hostile.environment, record.environment, `environment under YAML ${version}`);
    }
  });

  test('values docker cannot carry are refused with the reason', async () => {
    const record = recordsOf(await build(join(examples, 'processes.ts'))).get('webapp')!;
    const refused = (changed: Partial<DockerContainer>, pattern: RegExp) =>
      assert.throws(() => docker.render({ ...record, ...changed }, undefined as never, undefined as never), (e: Error) => e instanceof InputError && pattern.test(e.message));
    refused({ command: ['/bin/x', 'a\0b'] }, /record.command\[1\] contains a NUL/);
    refused({ environment: { A: 'x\0' } }, /NUL/);
    refused({ mounts: { '/a:b': { source: '/a', readOnly: true } } }, /--volume cannot carry/);
    refused({ image: '-x' }, /not an image reference/);
    refused({ network: 'host', ports: [80] }, /cannot be published on the host network/);
    refused({ stopSignal: 'TERM; rm' }, /stop signal/);
    await assert.rejects(build(hostile, { out: '/tmp/x' }, { stateDir: '/srv/a:b', runtimeDir: '/srv/a:b/run' }), /--volume cannot carry/);
  });

  test('options are checked: unknown keys, choices, patterns', async () => {
    const model = join(examples, 'processes.ts');
    const refuse = (backendOptions: Record<string, string>, pattern: RegExp) =>
      assert.rejects(build(model, {}, { backendOptions }), (e: Error) => e instanceof InputError && pattern.test(`${e.message} ${(e as InputError).hint ?? ''}`));
    await refuse({ volume: 'x' }, /backend docker has no option "volume".*deployment, image, network/);
    await refuse({ network: 'none' }, /network="none" is not allowed.*bridge, host/);
    await refuse({ deployment: 'My Deployment' }, /deployment="My Deployment" is not allowed/);
    await refuse({ image: '--privileged' }, /image="--privileged" is not allowed/);
    const defaults = recordsOf(await build(model, {}, { backendOptions: {} })).get('webapp')!;
    assert.equal(defaults.image, 'debian:bookworm-slim');
    assert.equal(defaults.network, 'procform');
    assert.equal(defaults.name, 'procform-webapp');
  });

  test('serviceHost: the network alias on a bridge network, localhost on the host network', async () => {
    assert.equal(docker.serviceHost!('webapp1', { network: 'bridge', image: IMAGE, deployment: 'd' }), 'webapp1');
    assert.equal(docker.serviceHost!('webapp1', { network: 'host', image: IMAGE, deployment: 'd' }), 'localhost');
    const model = join(examples, 'processes-advanced.ts');
    const bridge = recordsOf(await build(model)).get('nginx2')!;
    assert.deepEqual(bridge.command.slice(-4), ['--route', 'webapp5.local=webapp5:5005', '--route', 'webapp6.local=webapp6:5006']);
    assert.deepEqual(bridge.aliases, ['nginx2']);
    const host = recordsOf(await build(model, {}, { backendOptions: { image: IMAGE, network: 'host' } })).get('nginx2')!;
    assert.deepEqual(host.command.slice(-4), ['--route', 'webapp5.local=5005', '--route', 'webapp6.local=5006']);
    assert.deepEqual([host.network, host.aliases, host.ports], ['host', [], []]);
  });
});
