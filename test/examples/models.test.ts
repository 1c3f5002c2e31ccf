/**
 * The example's processes models evaluated with made-up parameters, and its ids files
 * checked against the id assignment rules of nix-processmgmt (dydisnix-id-assign).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Ids, ManagedProcess, ProcessesModel, ProcessParams, WriteFileInput } from 'procform';
import type { WebappsExtraParams } from '../../examples/webapps/constructors/index.js';
import { webappsDir } from './helpers.js';

import { loadDefinition } from '../../src/model/load.js';
import { assignIds as assign, idRequirementsOf, parseIdResources, parseIdsFile, serializeIdsFile } from '../../src/ids/index.js';

// Loaded the way the CLI loads them, with `procform` resolved to this copy.
const processes = await loadDefinition(`${webappsDir}processes.ts`);
const processesAdvanced = await loadDefinition(`${webappsDir}processes-advanced.ts`);
const { webappExecutable } = await import('../../examples/webapps/constructors/webapp.js');
const { proxyExecutable } = await import('../../examples/webapps/constructors/node-proxy.js');

interface IdsFile {
  readonly ids: { readonly [pool: string]: { readonly [instance: string]: number } };
  readonly lastAssignments: { readonly [pool: string]: number };
}
interface Pool {
  readonly min: number;
  readonly max: number;
  readonly step?: number;
}

const readJson = <T>(name: string): T => JSON.parse(readFileSync(`${webappsDir}${name}`, 'utf8')) as T;
const idResources = readJson<Record<string, Pool>>('idresources.json');
const idsFile = readJson<IdsFile>('ids.json');
const idsAdvancedFile = readJson<IdsFile>('ids-advanced.json');

type Params = ProcessParams & Partial<WebappsExtraParams>;

/** Parameters of an unprivileged deployment under /srv/state; `files` collects writeFile calls. */
const makeParams = (overrides: Partial<Params> = {}): { params: Params; files: WriteFileInput[] } => {
  const files: WriteFileInput[] = [];
  const params: Params = {
    stateDir: '/srv/state',
    runtimeDir: '/srv/state/run',
    logDir: '/srv/state/log',
    tmpDir: '/srv/state/tmp',
    cacheDir: '/srv/state/cache',
    spoolDir: '/srv/state/spool',
    lockDir: '/srv/state/lock',
    libDir: '/srv/state/lib',
    storeDir: '/srv/state/lib/procform/store',
    forceDisableUserChange: true,
    callingUser: 'alice',
    callingGroup: 'users',
    processManager: 'supervisord',
    ids: {},
    extraParams: {},
    backendOptions: {},
    serviceHost: () => 'localhost',
    placement: { containers: false, sharedFiles: true },
    writeFile: (file) => {
      files.push(file);
      return `/store/${files.length}-${file.name}`;
    },
    ...overrides,
  };
  return { params, files };
};

const instance = (model: ProcessesModel, name: string) => {
  const found = model[name];
  assert.ok(found, `instance ${name} exists`);
  return found;
};

/** The routes a Node proxy was given, as `host=port`. */
const routesOf = (pkg: ManagedProcess): string[] =>
  (pkg.args ?? []).filter((_, index, args) => args[index - 1] === '--route');

describe('processes.ts', () => {
  test('has a webapp behind the Node proxy by default', () => {
    const { params, files } = makeParams();
    const model = processes.evaluate(params);
    assert.deepEqual(Object.keys(model).sort(), ['nginx', 'webapp']);

    const webapp = instance(model, 'webapp');
    assert.equal(webapp.port, 5000);
    assert.equal(webapp['dnsName'], 'webapp.local');
    assert.deepEqual(webapp.requiresUniqueIdsFor, ['webappPorts', 'uids', 'gids']);
    assert.equal(webapp.pkg.instanceName, 'webapp');
    assert.equal(webapp.pkg.process, webappExecutable);
    assert.deepEqual(webapp.pkg.daemonExtraArgs, ['-D']);
    assert.equal(webapp.pkg.pidFile, '/srv/state/tmp/webapp.pid');
    assert.deepEqual(webapp.pkg.environment, { PORT: 5000, PID_FILE: '/srv/state/tmp/webapp.pid' });
    assert.equal(webapp.pkg.user, 'webapp');
    assert.deepEqual(webapp.pkg.credentials, {
      groups: { webapp: {} },
      users: { webapp: { group: 'webapp', description: 'Webapp' } },
    });
    assert.deepEqual(webapp.pkg.readiness, { kind: 'http', port: 5000 });
    assert.equal(webapp.pkg.restart, 'always');

    const nginx = instance(model, 'nginx');
    assert.equal(nginx.port, 8080);
    assert.deepEqual(nginx.requiresUniqueIdsFor, ['nginxPorts', 'uids', 'gids']);
    assert.equal(nginx.pkg.instanceName, 'nginx');
    assert.equal(nginx.pkg.foregroundProcess, proxyExecutable);
    assert.deepEqual(nginx.pkg.args, ['--listen', '8080', '--route', 'webapp.local=5000']);
    assert.deepEqual(nginx.pkg.dependencies, [webapp.pkg]);
    assert.deepEqual(nginx.pkg.readiness, { kind: 'tcp', port: 8080 });
    assert.deepEqual(files, [], 'the Node proxy writes no configuration file');
  });

  test('takes its ports from the assigned ids', () => {
    const ids: Ids = { webappPorts: { webapp: 5555 }, nginxPorts: { nginx: 8888 } };
    const model = processes.evaluate(makeParams({ ids }).params);
    assert.equal(instance(model, 'webapp').port, 5555);
    assert.equal(instance(model, 'nginx').port, 8888);
    assert.deepEqual(instance(model, 'nginx').pkg.args, ['--listen', '8888', '--route', 'webapp.local=5555']);
  });

  test('runs the webapp in the mode webappMode asks for', () => {
    const foreground = instance(processes.evaluate(makeParams({ webappMode: 'foreground' }).params), 'webapp').pkg;
    assert.equal(foreground.foregroundProcess, webappExecutable);
    assert.equal(foreground.process, undefined);
    assert.equal(foreground.daemon, undefined);
    assert.deepEqual(foreground.environment, { PORT: 5000 });

    // As the CLI passes it: only in extraParams.
    const daemon = instance(processes.evaluate(makeParams({ extraParams: { webappMode: 'daemon' } }).params), 'webapp').pkg;
    assert.equal(daemon.daemon, webappExecutable);
    assert.equal(daemon.foregroundProcess, undefined);
    assert.deepEqual(daemon.daemonArgs, ['-D']);
    assert.equal(daemon.pidFile, '/srv/state/tmp/webapp.pid');
    assert.equal(daemon.environment?.['PID_FILE'], daemon.pidFile);

    assert.throws(() => processes.evaluate(makeParams({ extraParams: { webappMode: 'sideways' } }).params), /webappMode/);
    assert.throws(() => processes.evaluate(makeParams({ extraParams: { proxy: 'haproxy' } }).params), /proxy/);
  });

  test('uses nginx with a generated configuration when proxy is "nginx"', () => {
    const { params, files } = makeParams({ extraParams: { proxy: 'nginx' } });
    const model = processes.evaluate(params);
    const nginx = instance(model, 'nginx').pkg;
    assert.equal(nginx.process, '/usr/sbin/nginx');
    assert.deepEqual(nginx.foregroundProcessExtraArgs, ['-g', 'daemon off;']);
    assert.deepEqual(nginx.args, [
      '-p', '/srv/state/lib/nginx',
      '-c', '/store/1-nginx.conf',
      '-e', '/srv/state/log/nginx-error.log',
    ]);
    assert.equal(nginx.pidFile, '/srv/state/run/nginx.pid');
    assert.deepEqual(nginx.dependencies, [instance(model, 'webapp').pkg]);
    assert.deepEqual(nginx.readiness, { kind: 'tcp', port: 8080 });
    assert.match(nginx.initialize ?? '', /^mkdir -p .*'\/srv\/state\/tmp\/nginx\/proxy'/);

    assert.equal(files.length, 1);
    const config = files[0]?.text ?? '';
    assert.equal(files[0]?.name, 'nginx.conf');
    assert.match(config, /server_name webapp\.local;/);
    assert.match(config, /server 127\.0\.0\.1:5000;/);
    assert.match(config, /pid \/srv\/state\/run\/nginx\.pid;/);
    assert.doesNotMatch(config, /^user /m, 'no user line when user change is disabled');
  });

  test('lets nginx switch users only when deployed by root with user change enabled', () => {
    const userLine = (overrides: Partial<Params>) => {
      const { params, files } = makeParams({ proxy: 'nginx', ...overrides });
      processes.evaluate(params);
      return /^user .*$/m.exec(files[0]?.text ?? '')?.[0];
    };
    assert.equal(userLine({ forceDisableUserChange: false, callingUser: 'root' }), 'user nginx nginx;');
    assert.equal(userLine({ forceDisableUserChange: false, callingUser: 'alice' }), undefined);
    assert.equal(userLine({ forceDisableUserChange: true, callingUser: 'root' }), undefined);
  });
});

describe('processes-advanced.ts', () => {
  const webapps = ['webapp1', 'webapp2', 'webapp3', 'webapp4', 'webapp5', 'webapp6'];

  test('has six webapps behind nginx and nginx2, on the ports of ids-advanced.json', () => {
    const model = processesAdvanced.evaluate(makeParams({ ids: idsAdvancedFile.ids }).params);
    assert.deepEqual(Object.keys(model).sort(), ['nginx', 'nginx2', ...webapps]);
    webapps.forEach((name, index) => {
      const webapp = instance(model, name);
      assert.equal(webapp.port, 5001 + index);
      assert.equal(webapp['dnsName'], `${name}.local`);
      assert.equal(webapp.pkg.user, name);
    });
    const nginx = instance(model, 'nginx');
    const nginx2 = instance(model, 'nginx2');
    assert.deepEqual([nginx.port, nginx2.port], [8080, 8081]);
    assert.deepEqual(routesOf(nginx.pkg), ['webapp1.local=5001', 'webapp2.local=5002', 'webapp3.local=5003', 'webapp4.local=5004']);
    assert.deepEqual(routesOf(nginx2.pkg), ['webapp5.local=5005', 'webapp6.local=5006']);
    assert.deepEqual(nginx2.pkg.dependencies, [instance(model, 'webapp5').pkg, instance(model, 'webapp6').pkg]);
    assert.equal(nginx2.pkg.user, 'nginx2');
  });

  test('never gives two instances the same port, with or without ids', () => {
    for (const ids of [{}, idsAdvancedFile.ids]) {
      const ports = Object.values(processesAdvanced.evaluate(makeParams({ ids }).params)).map((entry) => entry.port);
      assert.equal(new Set(ports).size, ports.length, `ports ${ports.join(', ')}`);
    }
  });

  test('gives the two nginx instances separate configurations and files', () => {
    const { params, files } = makeParams({ proxy: 'nginx' });
    const model = processesAdvanced.evaluate(params);
    assert.equal(files.length, 2);
    const [first, second] = files.map((file) => file.text);
    assert.match(first ?? '', /server_name webapp4\.local;/);
    assert.doesNotMatch(first ?? '', /webapp5/);
    assert.match(second ?? '', /listen 8081 default_server;/);
    assert.match(second ?? '', /pid \/srv\/state\/run\/nginx2\.pid;/);
    assert.notEqual(instance(model, 'nginx').pkg.pidFile, instance(model, 'nginx2').pkg.pidFile);
  });
});

/** What `procform ids` would write for a model, given the previous ids file. */
const assignIds = (previous: IdsFile, pools: Record<string, Pool>, model: ProcessesModel): IdsFile =>
  JSON.parse(serializeIdsFile(assign({ resources: parseIdResources(pools), previous: parseIdsFile(previous), instances: idRequirementsOf(model) }).ids)) as IdsFile;

const sortKeys = (value: unknown): unknown =>
  typeof value === 'object' && value !== null
    ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]))
    : value;

describe('ids files', () => {
  test('ids.json is what the assignment gives processes.ts from scratch', () => {
    const model = processes.evaluate(makeParams().params);
    assert.deepEqual(assignIds({ ids: {}, lastAssignments: {} }, idResources, model), idsFile);
    assert.deepEqual(idsFile.ids['uids'], { nginx: 2000, webapp: 2001 });
  });

  test('ids-advanced.json is what it gives processes-advanced.ts after ids.json', () => {
    const model = processesAdvanced.evaluate(makeParams({ ids: idsFile.ids }).params);
    assert.deepEqual(assignIds(idsFile, idResources, model), idsAdvancedFile);
    // The removed webapp's port and uid stay unused until the pools wrap around.
    assert.equal(idsAdvancedFile.ids['webappPorts']?.['webapp1'], 5001);
    assert.equal(idsAdvancedFile.ids['uids']?.['nginx2'], 2002);
  });

  test('are stored with sorted keys, and the ids lie in their pools', () => {
    for (const name of ['ids.json', 'ids-advanced.json']) {
      const text = readFileSync(`${webappsDir}${name}`, 'utf8');
      assert.equal(text, `${JSON.stringify(sortKeys(JSON.parse(text)), null, 2)}\n`, `${name} is sorted`);
      const { ids } = JSON.parse(text) as IdsFile;
      for (const [pool, assigned] of Object.entries(ids)) {
        const range = idResources[pool];
        assert.ok(range, `${name}: pool ${pool} is declared in idresources.json`);
        for (const id of Object.values(assigned)) assert.ok(id >= range.min && id <= range.max, `${name}: ${pool} ${id}`);
      }
    }
  });
});
