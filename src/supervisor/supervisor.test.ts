import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ControlError } from '../errors.js';
import { FIXTURE_PATH, freePort, plan, service, serviceSet, supervisor, tempDir, timing, waitFor } from './test-harness.js';
import { processAlive } from '../system/process-group.js';

const lines = (file: string): string[] => {
  try {
    return readFileSync(file, 'utf8').trim().split('\n');
  } catch {
    return [];
  }
};

test('a dependent starts only once its dependency answers on its port', async (t) => {
  const dir = tempDir(t);
  const port = await freePort();
  const db = service(dir, 'db', ['ready-after.js', '300'], { environment: { PATH: FIXTURE_PATH, PORT: String(port) }, readiness: { kind: 'tcp', port, host: '127.0.0.1', ...timing } });
  const events: string[] = [];
  const order = join(dir, 'order');
  const app = service(dir, 'app', ['order.js', order, 'app'], { dependencies: ['db'] });
  const sv = supervisor(t, { onChange: (s) => events.push(`${s.instance} ${s.state}`) });
  const result = await sv.apply(serviceSet([db, app]), plan(['db', 'app']));
  assert.deepEqual(result.failed, []);
  assert.deepEqual(result.started, ['db', 'app']);
  assert.ok(events.indexOf('db ready') < events.indexOf('app starting'), events.join(', '));
  assert.ok(events.includes('app waiting'));
  await waitFor(() => lines(order).includes('start app'), 'app to run');
});

test('independent processes start in parallel', async (t) => {
  const dir = tempDir(t);
  const sv = supervisor(t);
  const names = ['a', 'b', 'c'];
  const services = names.map((n) => service(dir, n, ['sh', '-c', 'sleep 0.4; exec forever.js --every 20'], {
    readiness: { kind: 'log', pattern: { source: '^tick 0$', flags: '' }, stream: 'stdout', ...timing },
  }));
  const began = Date.now();
  const result = await sv.apply(serviceSet(services), plan(names));
  const took = Date.now() - began;
  assert.deepEqual(result.failed, []);
  // In series it would take three times 0.4 s.
  assert.ok(took < 1000, `took ${took} ms`);
  t.diagnostic(`three processes ready 0.4 s after their start took ${took} ms`);
});

test('a crash loop backs off and ends failed with the last exit and the last lines', async (t) => {
  const dir = tempDir(t);
  const crash = service(dir, 'crash', ['exit-with.js', '3'], {
    restart: { policy: 'on-failure', maxRestarts: 3, backoff: { initial: 0.05, factor: 2, max: 1, resetAfter: 30 } },
  });
  const changes: { state: string; at: number }[] = [];
  const sv = supervisor(t, { onChange: (s) => changes.push({ state: s.state, at: Date.now() }) });
  const result = await sv.apply(serviceSet([crash]), plan(['crash']));
  // Without readiness a process must stay up a while to count as started: this one did not.
  assert.equal(result.failed.length, 1);
  assert.match(result.failed[0]?.reason ?? '', /^ended with exit code 3 right after it started; its last output: .*exiting with 3/);
  const status = await waitFor(() => sv.status().find((s) => s.state === 'failed'), 'failed state');
  const waits = changes.flatMap((c, i) => (c.state === 'backoff' ? [(changes[i + 1]?.at ?? 0) - c.at] : []));
  assert.equal(waits.length, 3);
  assert.ok(waits[0]! < 20 && waits[1]! >= 45 && waits[2]! >= 95, `waits ${waits.join(', ')} ms`);
  assert.equal(status.restarts, 3);
  assert.equal(status.lastExit?.code, 3);
  assert.match(status.reason ?? '', /exit code 3 after 3 consecutive restarts/);
  assert.ok(status.lastLines.includes('exiting with 3'), status.lastLines.join('|'));
  assert.ok(status.lastLines.includes('stderr before exit 3'), status.lastLines.join('|'));
  assert.equal(status.pid, null);
});

test('a process that crashed at its first start and then came up restarts cleanly on request', async (t) => {
  const dir = tempDir(t);
  const flag = join(dir, 'crashed-once');
  const flaky = service(dir, 'flaky', ['sh', '-c', `if [ -e ${flag} ]; then exec forever.js; fi; touch ${flag}; exit 1`], {
    restart: { policy: 'always', maxRestarts: 5, backoff: { initial: 0.05, factor: 1, max: 1, resetAfter: 30 } },
  });
  const sv = supervisor(t);
  const first = await sv.apply(serviceSet([flaky]), plan(['flaky']));
  assert.match(first.failed[0]?.reason ?? '', /^ended with exit code 1 right after it started/);
  await waitFor(() => sv.status().find((s) => s.state === 'ready' && s.restarts === 1), 'flaky to run after its restart');
  // The earlier crash is no exit of the run the request starts.
  await sv.restart(['flaky']);
  assert.equal(sv.status()[0]?.state, 'ready');
});

test('stop stops running dependents first, in reverse dependency order', async (t) => {
  const dir = tempDir(t);
  const sv = supervisor(t);
  const file = join(dir, 'order');
  const up = (name: string, dependencies: string[] = []) => service(dir, name, ['order.js', file, name], {
    dependencies, readiness: { kind: 'exec', command: ['grep', '-q', `start ${name}`, file], ...timing },
  });
  const result = await sv.apply(serviceSet([up('db'), up('api', ['db']), up('web', ['api']), up('other')]), plan(['db', 'api', 'web', 'other']));
  assert.deepEqual(result.failed, []);
  await sv.stop(['db']);
  const stops = lines(file).filter((l) => l.startsWith('stop'));
  assert.deepEqual(stops, ['stop web', 'stop api', 'stop db']);
  assert.deepEqual(sv.status().map((s) => `${s.instance} ${s.state}`), ['db down', 'other ready', 'api down', 'web down']);
  await sv.start(['web']);
  assert.deepEqual(sv.status().filter((s) => s.state === 'ready').map((s) => s.instance), ['db', 'other', 'api', 'web']);
});

test('a oneshot dependency: the dependent waits for its exit 0', async (t) => {
  const dir = tempDir(t);
  const sv = supervisor(t);
  const file = join(dir, 'order');
  const migrate = service(dir, 'migrate', ['sh', '-c', `sleep 0.2; echo migrated >> ${file}`], { type: 'oneshot', restart: { policy: 'on-failure', maxRestarts: 0, backoff: { initial: 0.05, factor: 2, max: 1, resetAfter: 30 } } });
  const app = service(dir, 'app', ['order.js', file, 'app'], { dependencies: ['migrate'] });
  const result = await sv.apply(serviceSet([migrate, app]), plan(['migrate', 'app']));
  assert.deepEqual(result.failed, []);
  await waitFor(() => lines(file).length === 2, 'app to start');
  assert.deepEqual(lines(file), ['migrated', 'start app']);
  const status = sv.status();
  assert.equal(status[0]?.state, 'exited');
  assert.equal(status[0]?.ready, true);
});

test('a failing oneshot blocks its dependent and apply reports both', async (t) => {
  const dir = tempDir(t);
  const sv = supervisor(t);
  const migrate = service(dir, 'migrate', ['exit-with.js', '4'], { type: 'oneshot', restart: { policy: 'on-failure', maxRestarts: 1, backoff: { initial: 0.05, factor: 2, max: 1, resetAfter: 30 } } });
  const app = service(dir, 'app', ['forever.js'], { dependencies: ['migrate'] });
  const result = await sv.apply(serviceSet([migrate, app]), plan(['migrate', 'app']));
  assert.deepEqual(result.failed.map((f) => f.instance).sort(), ['app', 'migrate']);
  assert.match(result.failed.find((f) => f.instance === 'migrate')?.reason ?? '', /exit code 4 after 1 consecutive restart$/);
  assert.match(result.failed.find((f) => f.instance === 'app')?.reason ?? '', /dependency "migrate" failed/);
  assert.equal(sv.status().find((s) => s.instance === 'app')?.state, 'waiting');
});

test('apply keeps unchanged processes and restarts changed ones', async (t) => {
  const dir = tempDir(t);
  const sv = supervisor(t);
  const a = service(dir, 'a', ['forever.js']);
  const b = service(dir, 'b', ['forever.js'], { dependencies: ['a'] });
  const c = service(dir, 'c', ['forever.js']);
  await sv.apply(serviceSet([a, b, c]), plan(['a', 'b', 'c']));
  const before = new Map(sv.status().map((s) => [s.instance, s.pid]));
  const changedB = { ...b, command: ['forever.js', '--every', '1000'] };
  const d = service(dir, 'd', ['forever.js']);
  const result = await sv.apply(serviceSet([a, changedB, d]), plan(['b', 'd'], ['b', 'c'], ['a']));
  assert.deepEqual(result.failed, []);
  assert.deepEqual(result.stopped, ['b', 'c']);
  assert.deepEqual([...result.started].sort(), ['b', 'd']);
  assert.deepEqual(result.kept, ['a']);
  const after = new Map(sv.status().map((s) => [s.instance, s]));
  assert.equal(after.get('a')?.pid, before.get('a'));
  assert.notEqual(after.get('b')?.pid, before.get('b'));
  assert.equal(after.get('b')?.state, 'ready');
  assert.equal(after.has('c'), false);
  assert.equal(processAlive(before.get('c') ?? 0), false);
  assert.equal(after.get('d')?.state, 'ready');
});

test('a process killed with SIGKILL is back at once', async (t) => {
  const dir = tempDir(t);
  let respawned = 0;
  const sv = supervisor(t, { onChange: (s) => { if (s.state === 'ready' && s.restarts === 1) respawned = Date.now(); } });
  await sv.apply(serviceSet([service(dir, 'victim', ['forever.js'])]), plan(['victim']));
  const pid = sv.status()[0]?.pid ?? 0;
  const killed = Date.now();
  process.kill(pid, 'SIGKILL');
  await waitFor(() => respawned > 0, 'the restart', 1000);
  const latency = respawned - killed;
  const status = sv.status()[0];
  assert.notEqual(status?.pid, pid);
  assert.equal(status?.lastExit?.signal, 'SIGKILL');
  assert.ok(latency < 200, `restart took ${latency} ms`);
  t.diagnostic(`restart latency after kill -9: ${latency} ms (kill to new process spawned)`);
});

test('shutdown leaves no process of any tree alive', async (t) => {
  const dir = tempDir(t);
  const sv = supervisor(t);
  const file = join(dir, 'pids');
  const tree = service(dir, 'tree', ['spawn-grandchild.js', file]);
  const stubborn = service(dir, 'stubborn', ['forever.js', '--ignore-term'], { stopTimeout: 0.2 });
  await sv.apply(serviceSet([tree, stubborn]), plan(['tree', 'stubborn']));
  const descendants = await waitFor(() => lines(file)[0]?.split(' ').map(Number), 'the grandchild');
  const pids = [...sv.status().map((s) => s.pid ?? 0), ...descendants];
  assert.ok(pids.every(processAlive));
  await sv.shutdown();
  assert.deepEqual(pids.filter(processAlive), []);
  assert.equal(sv.status().find((s) => s.instance === 'stubborn')?.lastExit?.signal, 'SIGKILL');
  assert.deepEqual(sv.processGroups(), []);
  await assert.rejects(sv.start(['tree']), ControlError);
});

test('stopping a process kills its whole process group, grandchildren included', async (t) => {
  const dir = tempDir(t);
  const sv = supervisor(t);
  const file = join(dir, 'pids');
  await sv.apply(serviceSet([service(dir, 'tree', ['spawn-grandchild.js', file])]), plan(['tree']));
  const [child = 0, grandchild = 0] = await waitFor(() => lines(file)[0]?.split(' ').map(Number), 'the grandchild');
  const group = sv.processGroups()[0];
  assert.equal(group?.instance, 'tree');
  assert.equal(group?.pgid, group?.pid);
  await sv.stop(['tree']);
  await waitFor(() => !processAlive(child) && !processAlive(grandchild), 'the tree to be gone', 2000);
});

test('restart replaces the process; unknown names are refused with the known ones', async (t) => {
  const dir = tempDir(t);
  const sv = supervisor(t);
  await sv.apply(serviceSet([service(dir, 'one', ['forever.js'])]), plan(['one']));
  const before = sv.status()[0]?.pid;
  await sv.restart(['one']);
  const after = sv.status()[0];
  assert.equal(after?.state, 'ready');
  assert.notEqual(after?.pid, before);
  assert.equal(after?.restarts, 0);
  await assert.rejects(sv.stop(['two']), (error: unknown) => error instanceof ControlError && /unknown process "two"/.test(error.message) && /known processes: one/.test(error.hint ?? ''));
});

test('restart brings back what depends on the process: dependents stop first and start after it is ready', async (t) => {
  const dir = tempDir(t);
  const events: string[] = [];
  const sv = supervisor(t, { onChange: (s) => events.push(`${s.instance} ${s.state}`) });
  const db = service(dir, 'db', ['forever.js']);
  const api = service(dir, 'api', ['forever.js'], { dependencies: ['db'] });
  const worker = service(dir, 'worker', ['forever.js'], { dependencies: ['api'] });
  const idle = service(dir, 'idle', ['forever.js'], { dependencies: ['db'] });
  await sv.apply(serviceSet([db, api, worker, idle]), plan(['db', 'api', 'worker', 'idle']));
  await sv.stop(['idle']);
  const before = Object.fromEntries(sv.status().map((s) => [s.instance, s.pid]));
  events.length = 0;
  await sv.restart(['db']);
  const after = Object.fromEntries(sv.status().map((s) => [s.instance, s]));
  for (const name of ['db', 'api', 'worker']) {
    assert.equal(after[name]?.state, 'ready', name);
    assert.notEqual(after[name]?.pid, before[name], `${name} runs a new process`);
  }
  assert.equal(after.idle?.state, 'down', 'a stopped dependent stays stopped');
  const at = (event: string): number => events.indexOf(event);
  assert.ok(at('worker down') < at('api down') && at('api down') < at('db down'), events.join(', '));
  assert.ok(at('db ready') < at('api starting') && at('api ready') < at('worker starting'), events.join(', '));
});

test('a start that cannot happen fails at once with the reason', async (t) => {
  const dir = tempDir(t);
  const sv = supervisor(t);
  const result = await sv.apply(serviceSet([
    service(dir, 'missing', ['no-such-command-anywhere']),
    service(dir, 'badinit', ['forever.js'], { initialize: 'echo preparing; exit 5' }),
    service(dir, 'nowhere', ['forever.js'], { directory: join(dir, 'absent') }),
  ]), plan(['missing', 'badinit', 'nowhere']));
  assert.equal(result.failed.find((f) => f.instance === 'nowhere')?.reason, `working directory ${join(dir, 'absent')} does not exist`);
  assert.match(result.failed.find((f) => f.instance === 'missing')?.reason ?? '', /cannot run no-such-command-anywhere: .*ENOENT/);
  assert.equal(result.failed.find((f) => f.instance === 'badinit')?.reason, 'initialize ended with exit code 5');
  assert.ok(sv.status().find((s) => s.instance === 'badinit')?.lastLines.includes('preparing'));
});

test('a stop while a process is starting ends the start: apply reports it, nothing restarts', async (t) => {
  const dir = tempDir(t);
  const sv = supervisor(t);
  const port = await freePort();
  const slow = service(dir, 'slow', ['forever.js'], { readiness: { kind: 'tcp', port, host: '127.0.0.1', timeout: 10, interval: 0.05 } });
  const applying = sv.apply(serviceSet([slow]), plan(['slow']));
  await waitFor(() => sv.status()[0]?.pid, 'the process to run');
  const began = Date.now();
  await sv.stop(['slow']);
  const result = await applying;
  assert.ok(Date.now() - began < 1000);
  assert.deepEqual(result.failed, [{ instance: 'slow', reason: 'was stopped before it was ready' }]);
  assert.equal(sv.status()[0]?.state, 'down');
  assert.equal(sv.status()[0]?.restarts, 0);
});

test('restart takes the running dependents down first and starts them again once the process is ready', async (t) => {
  const dir = tempDir(t);
  const events: string[] = [];
  const sv = supervisor(t, { onChange: (s) => events.push(`${s.instance} ${s.state}`) });
  const services = [
    service(dir, 'db', ['forever.js']),
    service(dir, 'app', ['forever.js'], { dependencies: ['db'] }),
    service(dir, 'idle', ['forever.js'], { dependencies: ['db'] }),
  ];
  assert.deepEqual((await sv.apply(serviceSet(services), plan(['db', 'app', 'idle']))).failed, []);
  await sv.stop(['idle']);
  const pid = (name: string) => sv.status().find((s) => s.instance === name)?.pid;
  const before = { db: pid('db'), app: pid('app') };
  events.length = 0;
  await sv.restart(['db']);
  const states = Object.fromEntries(sv.status().map((s) => [s.instance, s.state]));
  assert.deepEqual(states, { db: 'ready', app: 'ready', idle: 'down' }, 'a dependent that was stopped stays down');
  assert.notEqual(pid('db'), before.db);
  assert.notEqual(pid('app'), before.app, 'the dependent restarted with its dependency');
  const at = (event: string): number => {
    const index = events.indexOf(event);
    assert.ok(index >= 0, `${event} in ${events.join(', ')}`);
    return index;
  };
  assert.ok(at('app down') < at('db stopping'), `the dependent stopped first: ${events.join(', ')}`);
  assert.ok(at('db ready') < at('app starting'), `the dependent started once its dependency was ready: ${events.join(', ')}`);
});
