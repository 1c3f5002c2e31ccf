// Fault: the disk that holds the supervisor's state file and logs is full (a small tmpfs as
// the state dir, filled up with a file). Expected: the daemon survives a crash-restart and a
// `procform restart` that it cannot record, keeps supervising, reports the condition in
// `status` and `status --json` (and `restart` warns about it), writes the state file again
// once there is room, and `procform down` still stops every process it started.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { supervisorStatus } from '../helpers/supervisor.js';
import { alive, waitFor } from '../helpers/wait.js';

const model = fileURLToPath(new URL('../fixtures/models/faults.ts', import.meta.url));

interface Status {
  pid: number;
  processes: { instance: string; pid: number | null; restarts: number }[];
  faults: { message: string }[];
}

/** A small tmpfs of its own, unmounted after the test; null (test skipped) without root. */
const smallDisk = (t: TestContext): string | null => {
  if (process.getuid?.() !== 0) {
    if (process.env.CI === 'true') assert.fail('mounting a tmpfs needs root under CI');
    t.skip('mounting a tmpfs needs root');
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'pf-faults-full-'));
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', dir], { encoding: 'utf8' });
  assert.equal(mount.status, 0, `mount: ${mount.stderr}`);
  t.after(() => {
    procform(['down', '--state-dir', dir], { timeout: 60_000 });
    if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
};

/** Writes `path` until the disk is full. */
const fill = (path: string): void => {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    closeSync(fd);
  }
};

test('a full disk does not kill the daemon: it keeps supervising, says so in status, and down stops everything', { timeout: 90_000 }, async (t) => {
  const state = smallDisk(t);
  if (state === null) return;
  const base = ['--state-dir', state];
  const status = async (): Promise<Status> => {
    const now = await supervisorStatus(state);
    assert.ok(now !== null, 'the supervisor answers');
    return now as unknown as Status;
  };
  const pidOf = (s: Status, instance: string): number => s.processes.find((p) => p.instance === instance)!.pid!;
  const switched = procform(['switch', '-q', '-f', model, ...base, '--force-disable-user-change', '--extra-params', JSON.stringify({ crashAfter: 1.5 })], { timeout: 60_000 });
  assert.equal(switched.code, 0, switched.stderr);
  const first = await status();
  assert.deepEqual(first.faults ?? [], [], 'no fault while there is room');
  const seen = new Set<number>(first.processes.map((p) => p.pid!));

  fill(join(state, 'filler'));
  const restarted = await waitFor('crashy to be restarted on the full disk', async () => {
    const now = await status();
    return pidOf(now, 'crashy') !== pidOf(first, 'crashy') && now;
  }, 20_000);
  seen.add(pidOf(restarted, 'crashy'));
  assert.equal(restarted.pid, first.pid, 'the same daemon still runs');
  const faulted = await waitFor('the fault to be reported', async () => {
    const now = await status();
    return now.faults.some((f) => /supervisor\.state\.json/.test(f.message) && /no space left on device/i.test(f.message)) && now;
  });
  const json = procform(['status', '--json', ...base], { timeout: 30_000 });
  assert.equal(json.code, 0, json.stderr);
  assert.match((JSON.parse(json.stdout) as Status).faults[0]!.message, /cannot write the state file/, 'status --json carries the fault');
  const text = procform(['status', ...base], { timeout: 30_000 });
  assert.equal(text.code, 0);
  assert.match(text.stdout + text.stderr, /warning: .*supervisor\.state\.json.*no space left on device/i, 'the text status shows it too');
  assert.ok(alive(pidOf(faulted, 'steady')), 'the processes run on');

  const restart = procform(['restart', 'steady', ...base], { timeout: 30_000 });
  assert.equal(restart.code, 0, restart.stderr);
  assert.match(restart.stderr, /warning: .*supervisor\.state\.json/i, 'restart says that it could not be recorded');
  const afterRestart = await status();
  assert.equal(afterRestart.pid, first.pid, 'the daemon survived the restart');
  assert.notEqual(pidOf(afterRestart, 'steady'), pidOf(first, 'steady'));
  seen.add(pidOf(afterRestart, 'steady'));

  rmSync(join(state, 'filler'));
  await waitFor('the state file to be written again', async () => {
    const now = await status();
    const recorded = JSON.parse(readFileSync(join(state, 'run/procform/supervisor.state.json'), 'utf8')) as { groups: { instance: string; pid: number }[] };
    const steady = recorded.groups.find((g) => g.instance === 'steady')?.pid;
    return now.faults.length === 0 && steady === pidOf(now, 'steady');
  }, 20_000);

  fill(join(state, 'filler'));
  const last = await waitFor('another restart of crashy on the full disk', async () => {
    const now = await status();
    return !seen.has(pidOf(now, 'crashy')) && now;
  }, 20_000);
  for (const p of last.processes) seen.add(p.pid!);
  const down = procform(['down', ...base], { timeout: 60_000 });
  assert.equal(down.code, 0, down.stderr);
  await waitFor('every process the daemon started to be gone', () => [...seen].every((pid) => !alive(pid)));
  assert.ok(!alive(first.pid), 'the daemon is gone');
});
