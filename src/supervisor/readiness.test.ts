import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import type { Readiness } from '../model/readiness.js';
import { FIXTURE_PATH, freePort, plan, service, serviceSet, supervisor, tempDir, timing } from './test-harness.js';
import { startProbe } from '../probes/readiness.js';

/** Applies one service with the readiness and says how long it took and how it ended. */
const readyWith = async (t: import('node:test').TestContext, command: readonly string[], readiness: Readiness, env: Record<string, string> = {}) => {
  const dir = tempDir(t);
  const sv = supervisor(t);
  const began = Date.now();
  const result = await sv.apply(serviceSet([service(dir, 'p', command, { readiness, environment: { PATH: FIXTURE_PATH, ...env } })]), plan(['p']));
  return { took: Date.now() - began, failed: result.failed, status: sv.status()[0] };
};

test('tcp readiness: ready once the port accepts connections', async (t) => {
  const port = await freePort();
  const { took, failed, status } = await readyWith(t, ['ready-after.js', '300'], { kind: 'tcp', port, host: '127.0.0.1', ...timing }, { PORT: String(port) });
  assert.deepEqual(failed, []);
  assert.equal(status?.state, 'ready');
  assert.ok(took >= 300, `ready after ${took} ms`);
});

test('http readiness: an accepted status makes it ready, another one does not', async (t) => {
  const port = await freePort();
  const ok = await readyWith(t, ['ready-after.js', '200'], { kind: 'http', port, host: '127.0.0.1', path: '/', status: [], ...timing }, { PORT: String(port) });
  assert.deepEqual(ok.failed, []);
  const other = await freePort();
  const missing = await readyWith(t, ['ready-after.js', '0'], { kind: 'http', port: other, host: '127.0.0.1', path: '/missing', status: [200], timeout: 0.5, interval: 0.05 }, { PORT: String(other) });
  assert.match(missing.failed[0]?.reason ?? '', /not ready within 0.5 s \(http probe: GET \/missing answered 404\)/);
});

test('log readiness: a matching complete line of the chosen stream', async (t) => {
  const { failed, status } = await readyWith(t, ['forever.js', '--every', '30'], { kind: 'log', pattern: { source: 'TICK 3', flags: 'i' }, stream: 'stdout', ...timing });
  assert.deepEqual(failed, []);
  assert.equal(status?.state, 'ready');
  const wrongStream = await readyWith(t, ['forever.js', '--every', '30'], { kind: 'log', pattern: { source: 'tick', flags: '' }, stream: 'stderr', timeout: 0.3, interval: 0.05 });
  assert.match(wrongStream.failed[0]?.reason ?? '', /not ready within 0.3 s \(log probe\)/);
});

test('exec readiness: ready once the check exits 0', async (t) => {
  const dir = tempDir(t);
  const flag = `${dir}/flag`;
  const { took, failed } = await readyWith(t, ['sh', '-c', `sleep 0.3; touch ${flag}; exec forever.js`], { kind: 'exec', command: ['test', '-e', flag], ...timing });
  assert.deepEqual(failed, []);
  assert.ok(took >= 300, `ready after ${took} ms`);
});

test('notify readiness: ready when a newline arrives on the notification fd', async (t) => {
  const { took, failed, status } = await readyWith(t, ['notify.js', '5', '300'], { kind: 'notify', fd: 5, ...timing });
  assert.deepEqual(failed, []);
  assert.equal(status?.state, 'ready');
  assert.ok(took >= 300, `ready after ${took} ms`);
});

test('a readiness timeout fails the start and stops the process', async (t) => {
  const port = await freePort();
  const { took, failed, status } = await readyWith(t, ['forever.js'], { kind: 'tcp', port, host: '127.0.0.1', timeout: 0.3, interval: 0.05 });
  assert.equal(failed.length, 1);
  assert.match(failed[0]?.reason ?? '', /^not ready within 0.3 s \(tcp probe: connect ECONNREFUSED/);
  assert.equal(status?.state, 'failed');
  assert.equal(status?.pid, null);
  assert.equal(status?.lastExit?.code, 0); // forever.js exits 0 on TERM
  assert.ok(took < 2000, `took ${took} ms`);
});

test('a process that exits while its probe waits is restarted per policy, not timed out', async (t) => {
  const port = await freePort();
  const dir = tempDir(t);
  const sv = supervisor(t);
  const began = Date.now();
  const result = await sv.apply(serviceSet([service(dir, 'p', ['exit-with.js', '1'], {
    readiness: { kind: 'tcp', port, host: '127.0.0.1', timeout: 10, interval: 0.05 },
    restart: { policy: 'on-failure', maxRestarts: 1, backoff: { initial: 0.05, factor: 2, max: 1, resetAfter: 30 } },
  })]), plan(['p']));
  assert.deepEqual(result.failed, [{ instance: 'p', reason: 'ended with exit code 1 after 1 consecutive restart' }]);
  assert.ok(Date.now() - began < 3000);
});

test('a cancelled probe leaves no socket, timer or check process behind', async () => {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const before = process.getActiveResourcesInfo().length;
  const probes: Readiness[] = [
    { kind: 'tcp', port: 1, host: '127.0.0.1', timeout: 5, interval: 0.01 },
    { kind: 'http', port, host: '127.0.0.1', path: '/', status: [], timeout: 5, interval: 0.01 },
    { kind: 'exec', command: ['sleep', '5'], timeout: 5, interval: 0.01 },
  ];
  const cancels = probes.map((readiness) => startProbe(
    { readiness, env: { PATH: process.env.PATH ?? '' }, cwd: null, account: null, subscribeLines: () => () => undefined, notify: null },
    { onReady: () => assert.fail('not ready'), onTimeout: () => assert.fail('no timeout') },
  ));
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(process.getActiveResourcesInfo().length > before);
  cancels.forEach((cancel) => cancel());
  const deadline = Date.now() + 2000;
  while (process.getActiveResourcesInfo().length > before && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(process.getActiveResourcesInfo().slice(before), []);
  server.close();
});

test('a tcp probe counts an answer only from the process it probes, not from another holder of the port', async (t) => {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const port = (server.address() as { port: number }).port;
  // In a process group of its own, as every supervised process is.
  const other = spawn('sleep', ['30'], { stdio: 'ignore', detached: true });
  t.after(() => other.kill('SIGKILL'));
  const probe = (owner: number): Promise<string | null> => new Promise((resolve) => startProbe(
    { readiness: { kind: 'tcp', port, host: '127.0.0.1', timeout: 0.5, interval: 0.05 }, env: {}, cwd: null, account: null, subscribeLines: () => () => undefined, notify: null, owner: { name: 'web', pid: () => owner } },
    { onReady: () => resolve(null), onTimeout: (reason) => resolve(reason) },
  ));
  assert.equal(await probe(process.pid), null, 'this process listens: ready');
  assert.match(await probe(other.pid!) ?? '', new RegExp(`^not ready within 0.5 s \\(tcp probe: port ${port} is held by pid ${process.pid} \\(.*node.*\\), not by web\\)$`));
});
