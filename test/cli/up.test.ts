// `procform up` at its edges: a signal while a process still waits for readiness, a second
// `up` on a state dir whose supervisor runs, and the time the final stop reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { alive, freePorts, waitFor } from '../helpers/wait.js';
import { removeTree } from '../../src/store/write.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/procform.js');
const model = join(root, 'test/fixtures/models/never-ready.ts');

interface Status { processes: { instance: string; state: string; pid: number | null }[] }

const startUp = (state: string, extra: Record<string, unknown>, flags: string[] = []) => {
  const child = spawn(process.execPath, [bin, 'up', '-f', model, '--state-dir', state, ...flags, '--extra-params', JSON.stringify(extra)], { env: { ...process.env, NO_COLOR: '1' } });
  let output = '';
  child.stdout.on('data', (c) => { output += c; });
  child.stderr.on('data', (c) => { output += c; });
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: performance.now() })));
  return { child, exited, output: () => output };
};

const startingPid = (state: string): Promise<number> => waitFor('the process to be starting', () => {
  const r = procform(['status', '--json', '--state-dir', state]);
  if (r.code !== 0) return undefined;
  const p = (JSON.parse(r.stdout) as Status).processes[0];
  return p?.state === 'starting' && p.pid !== null ? p.pid : undefined;
}, 20_000);

test('SIGTERM while a process still waits for readiness stops it and ends up with exit 0', async (t) => {
  const state = mkdtempSync(join(tmpdir(), 'pf-up-'));
  const [port] = await freePorts(1);
  const up = startUp(state, { port }, ['--force-disable-user-change']);
  t.after(() => {
    up.child.kill('SIGKILL');
    procform(['down', '--state-dir', state]);
    removeTree(state);
  });
  const pid = await startingPid(state);
  const signalled = performance.now();
  up.child.kill('SIGTERM');
  const ended = await Promise.race([up.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000))]);
  assert.ok(ended, `up did not exit after SIGTERM; its output:\n${up.output()}`);
  assert.equal(ended.code, 0, up.output());
  assert.ok(!alive(pid), 'the waiting process is stopped');
  assert.doesNotMatch(up.output(), /error:/);
  // The final line times the stop, not the whole run: it cannot exceed what the test saw.
  const stopped = /stopped \((\d+) ms\)/.exec(up.output());
  assert.ok(stopped, up.output());
  assert.ok(Number(stopped[1]) <= ended.at - signalled, `stop reported ${stopped[1]} ms, but up ended ${Math.round(ended.at - signalled)} ms after the signal`);
});

test('a second up on a state dir whose supervisor runs is refused before it creates users', async (t) => {
  if (process.getuid?.() !== 0) {
    if (process.env.CI === 'true') assert.fail('creating users needs root under CI');
    t.skip('creating users needs root');
    return;
  }
  const state = mkdtempSync(join(tmpdir(), 'pf-up-'));
  const [port] = await freePorts(1);
  const user = `pfup${process.pid % 100000}`;
  const first = startUp(state, { port }, ['--force-disable-user-change']);
  t.after(() => {
    first.child.kill('SIGKILL');
    procform(['down', '--state-dir', state]);
    spawnSync('userdel', [user]);
    removeTree(state);
  });
  await startingPid(state);
  const second = procform(['up', '-f', model, '--state-dir', state, '--extra-params', JSON.stringify({ port, user })]);
  assert.equal(second.code, 2, second.stderr);
  assert.match(second.stderr, /a supervisor is already running/);
  assert.doesNotMatch(second.stderr, /useradd|usermod/);
  assert.notEqual(spawnSync('id', [user]).status, 0, `user ${user} was created although up was refused`);
});
