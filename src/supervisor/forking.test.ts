import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbeddedService } from '../backends/embedded/record.js';
import { plan, service, serviceSet, supervisor, tempDir, waitFor } from './test-harness.js';
import { processAlive } from '../system/process-group.js';

const daemon = (dir: string, command: readonly string[], overrides: Partial<EmbeddedService> = {}): EmbeddedService =>
  service(dir, 'daemon', command, { mode: 'daemon', pidFile: join(dir, 'daemon.pid'), ...overrides });

test('daemon mode: the daemon is found through its pid file, restarted when it dies, stopped', async (t) => {
  const dir = tempDir(t);
  const sv = supervisor(t);
  const pidFile = join(dir, 'daemon.pid');
  const result = await sv.apply(serviceSet([daemon(dir, ['daemonize.js', pidFile])]), plan(['daemon']));
  assert.deepEqual(result.failed, []);
  const first = sv.status()[0];
  assert.equal(first?.state, 'ready');
  assert.equal(first?.pid, Number(readFileSync(pidFile, 'utf8')));
  assert.equal(sv.processGroups()[0]?.pid, first?.pid);
  process.kill(first?.pid ?? 0, 'SIGKILL');
  const second = await waitFor(() => sv.status().find((s) => s.state === 'ready' && s.pid !== first?.pid), 'the daemon to be restarted', 3000);
  assert.equal(second.restarts, 1);
  assert.deepEqual([second.lastExit?.code, second.lastExit?.signal], [null, null]);
  await sv.stop(['daemon']);
  assert.equal(processAlive(second.pid ?? 0), false);
  assert.equal(sv.status()[0]?.state, 'down');
});

test('daemon mode: no pid file in time fails the start', async (t) => {
  const dir = tempDir(t);
  const sv = supervisor(t);
  const result = await sv.apply(serviceSet([daemon(dir, ['true'], { readiness: { kind: 'exec', command: ['true'], timeout: 0.3, interval: 0.05 } })]), plan(['daemon']));
  assert.match(result.failed[0]?.reason ?? '', /no live process in .*daemon.pid within 0.3 s/);
});

test('daemon mode: a launcher that fails is a failed start', async (t) => {
  const dir = tempDir(t);
  const sv = supervisor(t);
  const result = await sv.apply(serviceSet([daemon(dir, ['exit-with.js', '9'])]), plan(['daemon']));
  assert.equal(result.failed[0]?.reason, 'daemon launcher ended with exit code 9');
  assert.ok(sv.status()[0]?.lastLines.includes('exiting with 9'));
});

test('daemon mode: a pid file naming some other live process is not taken for the daemon', async (t) => {
  const dir = tempDir(t);
  const sv = supervisor(t);
  writeFileSync(join(dir, 'daemon.pid'), `${process.pid}\n`);
  const result = await sv.apply(serviceSet([daemon(dir, ['true'], { readiness: { kind: 'exec', command: ['true'], timeout: 0.3, interval: 0.05 } })]), plan(['daemon']));
  assert.match(result.failed[0]?.reason ?? '', /no live process in .*daemon.pid/);
  assert.ok(processAlive(process.pid));
});
