// The live test nginx and Apache share: test/fixtures/services/web.ts deployed with
// `procform switch` on the embedded supervisor, as root, in its own state directory.
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform, type Run } from '../helpers/cli.js';
import { httpGet } from '../helpers/http.js';
import { listenerPid } from '../helpers/listeners.js';
import { freePorts, waitFor } from '../helpers/wait.js';
import { removeTree } from '../../src/store/write.js';

export const WEB_MODEL = fileURLToPath(new URL('../fixtures/services/web.ts', import.meta.url));

/** What a backend of the fixture answers. */
interface Echo {
  readonly name: string;
  readonly url: string;
  readonly host: string | null;
  readonly forwardedFor: string | null;
  readonly proto: string | null;
}

/** A deployment of the fixture in a fresh state directory, removed with its accounts afterwards. */
export interface WebDeployment {
  readonly state: string;
  readonly prefix: string;
  readonly ports: { readonly web: number; readonly a: number; readonly b: number };
  /** `procform switch` of the fixture at `stage`. */
  readonly deploy: (stage: number) => Run;
  /** Any other command on the deployment. */
  readonly cli: (args: readonly string[]) => Run;
}

const ACCOUNTS = ['a', 'b', 'web'];

/** A state directory, ports, a static site whose directory name needs quoting, and cleanup. */
export const webDeployment = async (t: TestContext, server: 'nginx' | 'apache'): Promise<WebDeployment> => {
  const prefix = `pf${server[0]}${randomBytes(3).toString('hex')}`;
  const state = mkdtempSync(join(tmpdir(), `pf-${server}-`));
  // The services' accounts reach their directories and the site below it.
  chmodSync(state, 0o755);
  const root = join(state, 'site "q"; {x} #1');
  mkdirSync(root, { mode: 0o755 });
  writeFileSync(join(root, 'index.html'), 'static site\n', { mode: 0o644 });
  const [web, a, b] = await freePorts(3);
  const ports = { web: web!, a: a!, b: b! };
  const cli = (args: readonly string[]) => procform([...args, '--state-dir', state]);
  const deploy = (stage: number) => cli(['switch', '-f', WEB_MODEL, '--extra-params', JSON.stringify({ server, prefix, ports, root, stage })]);
  t.after(() => {
    cli(['switch', '--undeploy']);
    cli(['down']);
    removeTree(state);
    for (const account of ACCOUNTS) {
      spawnSync('userdel', [`${prefix}${account}`], { stdio: 'ignore' });
      spawnSync('groupdel', [`${prefix}${account}`], { stdio: 'ignore' });
    }
  });
  return { state, prefix, ports, deploy, cli };
};

const echo = async (port: number, path: string, host: string): Promise<Echo> => {
  const { status, body } = await httpGet(port, path, host);
  assert.equal(status, 200, `${host}${path}: ${body}`);
  return JSON.parse(body) as Echo;
};

const uidOf = (pid: number): number => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
const childrenOf = (pid: number): number[] => readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number).filter((p) => {
  try {
    return /^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))![1] === String(pid);
  } catch {
    return false;
  }
});
const userId = (name: string): number => Number(spawnSync('id', ['-u', name], { encoding: 'utf8' }).stdout.trim());

/**
 * The shared sequence: the static default site, the host-based and path-based proxies with
 * the client's headers, workers under the service's account, a switch that adds a route
 * (the backends keep running), and an undeploy.
 */
export const runWebServer = async (t: TestContext, server: 'nginx' | 'apache', pidFile: string): Promise<void> => {
  const { state, prefix, ports, deploy, cli } = await webDeployment(t, server);
  const first = deploy(1);
  assert.equal(first.code, 0, first.stderr);

  const site = await httpGet(ports.web, '/', 'anything.test');
  assert.deepEqual(site, { status: 200, body: 'static site\n' }, 'the default site serves its directory');
  assert.deepEqual(await echo(ports.web, '/x?y=1', 'a.test'), { name: 'a', url: '/x?y=1', host: 'a.test', forwardedFor: '127.0.0.1', proto: 'http' });
  assert.equal((await echo(ports.web, '/one/deep', 'paths.test')).url, '/one/deep');
  assert.equal((await echo(ports.web, '/one', 'paths.test')).name, 'a');
  assert.equal((await httpGet(ports.web, '/onex', 'paths.test')).status, 404, 'a route takes its path and below, not every path with its letters');
  assert.equal((await httpGet(ports.web, '/two', 'paths.test')).status, 404);

  const master = Number(readFileSync(join(state, 'run', `${prefix}web`, pidFile), 'utf8').trim());
  assert.equal(uidOf(master), 0, 'the master runs as root');
  const workers = childrenOf(master);
  assert.ok(workers.length > 0, 'the master has workers');
  for (const worker of workers) assert.equal(uidOf(worker), userId(`${prefix}web`), 'workers run as the service account');

  const backends = { a: listenerPid(ports.a), b: listenerPid(ports.b) };
  const second = deploy(2);
  assert.equal(second.code, 0, second.stderr);
  assert.equal((await echo(ports.web, '/two/x', 'paths.test')).name, 'b', 'the new route answers after the switch');
  assert.equal((await echo(ports.web, '/one', 'paths.test')).name, 'a');
  assert.deepEqual({ a: listenerPid(ports.a), b: listenerPid(ports.b) }, backends, 'the backends kept running');

  const gone = cli(['switch', '--undeploy']);
  assert.equal(gone.code, 0, gone.stderr);
  await waitFor('the web server to stop listening', () => listenerPid(ports.web) === null);
  assert.equal(spawnSync('id', [`${prefix}web`], { stdio: 'ignore' }).status, 1, 'the undeploy removed the account');
};

const BIN = fileURLToPath(new URL('../../bin/procform.js', import.meta.url));

/**
 * The fixture deployed by a user without privileges (a fresh account running procform,
 * so user change is off): the server and the backends run as that user, on ports above
 * 1024, and still serve the static site and the proxies.
 */
export const runUnprivileged = async (t: TestContext, server: 'nginx' | 'apache', pidFile: string): Promise<void> => {
  const operator = `pf${server[0]}o${randomBytes(3).toString('hex')}`;
  assert.equal(spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', operator]).status, 0);
  const state = mkdtempSync(join(tmpdir(), `pf-${server}-unprivileged-`));
  const cli = (args: readonly string[]): Run => {
    const r = spawnSync('runuser', ['-u', operator, '--', 'env', `HOME=${state}`, 'NO_COLOR=1', process.execPath, BIN, ...args, '--state-dir', state], { encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  t.after(() => {
    cli(['down']);
    removeTree(state);
    spawnSync('userdel', [operator], { stdio: 'ignore' });
    spawnSync('groupdel', [operator], { stdio: 'ignore' });
  });
  const root = join(state, 'site');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), 'static site\n');
  spawnSync('chown', ['-R', `${operator}:`, state]);
  const [web, a, b] = await freePorts(3);
  const ports = { web: web!, a: a!, b: b! };
  const prefix = `pf${server[0]}u`;
  const deployed = cli(['switch', '-f', WEB_MODEL, '--extra-params', JSON.stringify({ server, prefix, ports, root })]);
  assert.equal(deployed.code, 0, deployed.stderr);

  assert.deepEqual(await httpGet(ports.web, '/', 'anything.test'), { status: 200, body: 'static site\n' });
  assert.equal((await echo(ports.web, '/x', 'a.test')).name, 'a');
  assert.equal((await echo(ports.web, '/one', 'paths.test')).name, 'a');
  const master = Number(readFileSync(join(state, 'run', `${prefix}web`, pidFile), 'utf8').trim());
  for (const pid of [master, ...childrenOf(master)]) assert.equal(uidOf(pid), userId(operator), 'everything runs as the deploying user');

  const down = cli(['down']);
  assert.equal(down.code, 0, down.stderr);
  await waitFor('the web server to stop listening', () => listenerPid(ports.web) === null);
};
