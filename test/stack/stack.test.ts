// A small production-like stack (PostgreSQL with initdb and a migration oneshot, Redis, a
// Node API and worker, nginx; test/fixtures/stack) through the CLI as a user runs it, on
// the embedded supervisor and s6: deploy, a change that restarts only the worker,
// rollback, undeploy, and a rollback after the undeploy (users and data come back). It needs root (initdb refuses to run as root, so the database
// runs as a user procform creates) and PostgreSQL 15, Redis and nginx.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { request } from '../helpers/http.js';
import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { listenerPid } from '../helpers/listeners.js';
import { alive, freePorts, waitFor } from '../helpers/wait.js';
import { removeTree } from '../../src/store/write.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const model = join(root, 'test/fixtures/stack/processes.ts');
const USERS = ['stackdb', 'stackredis', 'stackapp', 'stackweb'];
const PROGRAMS = ['/usr/lib/postgresql/15/bin/postgres', '/usr/bin/redis-server', '/usr/sbin/nginx'];
const MANAGERS: Record<string, string> = { s6: '/usr/bin/s6-svscan' };

type Ports = { db: number; redis: number; api: number; web: number };

const missing = (backend: string): string[] => [...PROGRAMS, ...(MANAGERS[backend] ? [MANAGERS[backend]!] : [])].filter((p) => !existsSync(p));

const skipped = (t: TestContext, backend: string): boolean => {
  const absent = missing(backend);
  if (process.getuid?.() === 0 && absent.length === 0) return false;
  const why = process.getuid?.() !== 0 ? 'the stack needs root' : `missing ${absent.join(', ')}`;
  if (process.env.CI === 'true') assert.fail(why);
  t.skip(why);
  return true;
};

const userExists = (name: string): boolean => spawnSync('id', [name], { stdio: 'ignore' }).status === 0;

/** Queues a job through nginx and waits until the worker has recorded it; returns who did it. */
const roundTrip = async (ports: Ports, payload: string, state: string): Promise<string> => {
  try {
    assert.equal((await request(ports.web, `/jobs?payload=${payload}`, 'POST')).status, 202);
    return await waitFor(`the worker to record ${payload}`, async () => {
      const rows = JSON.parse((await request(ports.web, '/jobs')).body) as [string, string][];
      return rows.find(([p]) => p === payload)?.[1];
    }, 20_000);
  } catch (error) {
    // What the deployment looked like is what explains a failure here.
    const status = procform(['status', '--state-dir', state]);
    throw new Error(`job ${payload}: ${(error as Error).message}\n${status.stdout}${status.stderr}`, { cause: error });
  }
};

const setup = async (t: TestContext, backend: string) => {
  const state = mkdtempSync(join(tmpdir(), `pf-stack-${backend}-`));
  // The stack's users must reach their directories below it.
  chmodSync(state, 0o755);
  const [db, redis, api, web] = await freePorts(4);
  const ports: Ports = { db: db!, redis: redis!, api: api!, web: web! };
  const flags = ['--state-dir', state, ...(backend === 'embedded' ? [] : ['-P', backend])];
  const cli = (args: string[], extra: object = {}) => {
    const withModel = args[0] === 'switch' && !args.includes('--undeploy');
    const r = procform([...args, ...flags, ...(withModel ? ['-f', model, '--extra-params', JSON.stringify({ ports, ...extra })] : [])]);
    return r;
  };
  t.after(() => {
    cli(['switch', '--undeploy']);
    if (backend === 'embedded') procform(['down', '--state-dir', state]);
    else procform(['manager', 'stop', backend, '--state-dir', state]);
    removeTree(state);
    for (const user of USERS) spawnSync('userdel', [user], { stdio: 'ignore' });
    for (const group of USERS) spawnSync('groupdel', [group], { stdio: 'ignore' });
  });
  if (backend !== 'embedded') assert.equal(procform(['manager', 'start', backend, '--state-dir', state]).code, 0);
  return { state, ports, cli };
};

// supervisord is left to the example's tests (run-stack.ts); s6 stays, where a rollback after an
// undeploy once reported a start that crash-looped.
for (const backend of ['embedded', 's6']) {
  test(`${backend}: the real stack deploys, changes only the worker, rolls back, undeploys and comes back with its users and data`, { timeout: 300_000 }, async (t) => {
    if (skipped(t, backend)) return;
    const { state, ports, cli } = await setup(t, backend);
    const listeners = () => ({ db: listenerPid(ports.db), redis: listenerPid(ports.redis), api: listenerPid(ports.api), web: listenerPid(ports.web) });

    const first = cli(['switch']);
    assert.equal(first.code, 0, first.stderr);
    for (const user of USERS) assert.ok(userExists(user), `user ${user} was created`);
    assert.equal(await roundTrip(ports, 'one', state), 'worker-1');
    const before = listeners();

    const second = cli(['switch', '--json'], { version: 2 });
    assert.equal(second.code, 0, second.stderr);
    assert.equal(await roundTrip(ports, 'two', state), 'worker-2');
    assert.deepEqual(listeners(), before, 'only the worker restarted: the database, Redis, the API and nginx kept their pids');

    const back = cli(['rollback']);
    assert.equal(back.code, 0, back.stderr);
    assert.equal(await roundTrip(ports, 'three', state), 'worker-1');
    assert.deepEqual(listeners(), before, 'the rollback restarted only the worker');

    const gone = cli(['switch', '--undeploy']);
    assert.equal(gone.code, 0, gone.stderr);
    await waitFor('every listener to be gone', () => Object.values(before).every((pid) => pid === null || !alive(pid)));
    for (const user of USERS) assert.ok(!userExists(user), `user ${user} was removed by the undeploy`);

    // Back to the generation before the undeploy's, the worker's version 2, as a user who
    // undeployed by mistake does: users come back with their ids, the database with its data.
    const again = cli(['rollback']);
    assert.equal(again.code, 0, again.stderr);
    for (const user of USERS) assert.ok(userExists(user), `user ${user} was created again by the rollback`);
    assert.equal(await roundTrip(ports, 'four', state), 'worker-2');
    const rows = JSON.parse((await request(ports.web, '/jobs')).body) as [string, string][];
    assert.deepEqual(rows.map(([p]) => p), ['one', 'two', 'three', 'four'], 'the database kept its data across the undeploy');

    const last = cli(['switch', '--undeploy']);
    assert.equal(last.code, 0, last.stderr);
    for (const user of USERS) assert.ok(!userExists(user), `user ${user} was removed`);
  });
}
