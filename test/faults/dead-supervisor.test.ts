// Fault: the supervisor daemon is killed (SIGKILL) in the middle of a switch. Expected: the
// switch exits 1 (a switch failed and the previous state is not restored), naming the
// processes that still run unsupervised; status exits 2 and reports those leftovers and the
// stale socket; the next command repairs: `down` stops the leftovers and removes the socket
// and the state file, and `up` stops the leftovers of a dead daemon before it starts anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { alive, freePorts, waitFor } from '../helpers/wait.js';
import { supervisorStatus } from '../helpers/supervisor.js';
import { removeTree } from '../../src/store/write.js';

const bin = fileURLToPath(new URL('../../bin/procform.js', import.meta.url));
const model = fileURLToPath(new URL('../fixtures/models/faults.ts', import.meta.url));

interface Status { pid: number; processes: { instance: string; state: string; pid: number | null }[] }

/** Runs procform in the background; resolves with its exit code and output once it ends. */
const background = (args: readonly string[]) => {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  child.stdout.resume();
  const ended = new Promise<{ code: number | null; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
  return { child, ended, output: () => stderr };
};

test('a daemon killed mid-switch: the switch says what runs on, status reports leftovers and the stale socket, down and up repair', { timeout: 90_000 }, async (t) => {
  const state = mkdtempSync(join(tmpdir(), 'pf-faults-dead-'));
  const base = ['--state-dir', state];
  const socket = join(state, 'run/procform/supervisor.sock');
  const [port] = await freePorts(1);
  const params = (extra: object) => ['-f', model, ...base, '--force-disable-user-change', '--extra-params', JSON.stringify(extra)];
  const status = async (): Promise<Status | null> => (await supervisorStatus(state)) as Status | null;
  const runs: ReturnType<typeof background>[] = [];
  t.after(() => {
    for (const run of runs) run.child.kill('SIGKILL');
    procform(['down', ...base], { timeout: 30_000 });
    removeTree(state);
  });

  assert.equal(procform(['switch', '-q', ...params({})], { timeout: 60_000 }).code, 0);
  // The new process never gets ready: the switch waits for it until the daemon is killed.
  const switching = background(['switch', ...params({ waitPort: port })]);
  runs.push(switching);
  const midway = await waitFor('the switch to start the waiting process', async () => {
    const now = await status();
    return now?.processes.some((p) => p.instance === 'waiting' && p.pid !== null) && now;
  }, 30_000);
  const leftovers = midway.processes.flatMap((p) => (p.pid === null ? [] : [p.pid]));
  process.kill(midway.pid, 'SIGKILL');

  const switched = await switching.ended;
  assert.equal(switched.code, 1, `a switch that lost its supervisor half way exits 1, not "nothing changed":\n${switched.stderr}`);
  assert.match(switched.stderr, new RegExp(`the supervisor \\(pid ${midway.pid}\\) ended during the switch`));
  assert.match(switched.stderr, /waiting +pid \d+/, 'it names what still runs');

  const report = procform(['status', ...base], { timeout: 30_000 });
  assert.equal(report.code, 2, report.stderr);
  assert.match(report.stderr, /steady +pid \d+/);
  assert.match(report.stderr, /waiting +pid \d+/);
  assert.match(report.stderr, new RegExp(`stale socket ${socket.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), 'it reports the stale socket');
  assert.ok(leftovers.every(alive), 'status only reports');

  const down = procform(['down', ...base], { timeout: 30_000 });
  assert.equal(down.code, 0, down.stderr);
  await waitFor('the leftovers to be stopped', () => leftovers.every((pid) => !alive(pid)));
  assert.ok(!existsSync(socket), 'down removes the stale socket');
  assert.ok(!existsSync(join(state, 'run/procform/supervisor.state.json')), 'and the state file');

  // Another dead daemon, and `up` in its place: it stops what the daemon left before it starts.
  assert.equal(procform(['switch', '-q', ...params({})], { timeout: 60_000 }).code, 0);
  const deployed = (await status())!;
  process.kill(deployed.pid, 'SIGKILL');
  const orphans = deployed.processes.map((p) => p.pid!);
  const up = background(['up', ...params({})]);
  runs.push(up);
  const running = await waitFor('up to run steady', async () => {
    const now = await status();
    return now !== null && now.pid === up.child.pid && now.processes.some((p) => p.state === 'ready') && now;
  }, 30_000);
  assert.ok(orphans.every((pid) => !alive(pid)), `up stopped the processes of the dead daemon:\n${up.output()}`);
  // The calls above block this process, so its pipe from `up` may not have been read yet.
  await waitFor('up to say so', () => /stopped what a supervisor that ended left running: steady/.test(up.output()), 5000);
  up.child.kill('SIGINT');
  assert.equal((await up.ended).code, 0);
  assert.ok(running.processes.every((p) => p.pid === null || !alive(p.pid)));
});
