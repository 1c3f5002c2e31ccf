// Fault: the supervisor daemon hangs (stopped with SIGSTOP). Expected: every control call
// gives up after the control timeout with a message that names the daemon's pid, says it
// may be stopped or overloaded and what to do; a switch gives up the same way, releases
// the profile lock and exits 111 (system error); once the daemon runs again it drops the
// requests it took up after their clients gave up, and the next switch goes through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { supervisorStatus } from '../helpers/supervisor.js';
import { removeTree } from '../../src/store/write.js';

const model = fileURLToPath(new URL('../fixtures/models/faults.ts', import.meta.url));

/** Seconds a client waits for an answer in these tests. */
const TIMEOUT = 2;
const env = { PROCFORM_CONTROL_TIMEOUT: String(TIMEOUT) };

interface Status { pid: number; generation: string | null; processes: { instance: string; pid: number | null }[] }

test('a stopped supervisor makes status and switch give up with a clear message, not hang', { timeout: 90_000 }, async (t) => {
  const state = mkdtempSync(join(tmpdir(), 'pf-faults-hung-'));
  const base = ['--state-dir', state];
  const switchTo = (variant: string) => procform(['switch', '-q', '-f', model, ...base, '--force-disable-user-change', '--extra-params', JSON.stringify({ variant })], { env, timeout: 30_000 });
  const status = async (): Promise<Status> => {
    const now = await supervisorStatus(state);
    assert.ok(now !== null, 'the supervisor answers');
    return now as unknown as Status;
  };
  let daemon = 0;
  t.after(() => {
    if (daemon > 0) {
      try {
        process.kill(daemon, 'SIGCONT');
      } catch {
        // Already gone.
      }
    }
    procform(['down', ...base], { timeout: 30_000 });
    removeTree(state);
  });

  assert.equal(switchTo('one').code, 0);
  const before = await status();
  daemon = before.pid;
  process.kill(daemon, 'SIGSTOP');

  const began = Date.now();
  const hung = procform(['status', ...base], { env, timeout: 30_000 });
  assert.equal(hung.code, 111, `status exits with the system-error code:\n${hung.stderr}`);
  assert.ok(Date.now() - began < 15_000, 'status gives up after the control timeout');
  assert.match(hung.stderr, new RegExp(`the supervisor \\(pid ${daemon}\\) does not answer within ${TIMEOUT} s; it may be stopped \\(SIGSTOP\\) or overloaded`));
  assert.match(hung.stderr, new RegExp(`kill -CONT ${daemon}`), 'it says how to resume a stopped supervisor');

  const blocked = switchTo('two');
  assert.equal(blocked.code, 111, `a switch that times out exits with the system-error code:\n${blocked.stderr}`);
  assert.match(blocked.stderr, new RegExp(`the supervisor \\(pid ${daemon}\\) does not answer within ${TIMEOUT} s`));
  assert.ok(!existsSync(join(state, 'lib/procform/profiles/embedded/lock')), 'the profile lock is released');

  // A request the stopped daemon takes up only after its client gave up is dropped unanswered.
  const late = new Promise<string>((resolve) => {
    const socket = createConnection(join(state, 'run/procform/supervisor.sock'));
    let answer = '';
    socket.on('connect', () => socket.write(`${JSON.stringify({ method: 'restart', params: { instances: ['steady'] }, expires: Date.now() + 500 })}\n`));
    socket.on('data', (chunk) => { answer += chunk; });
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  process.kill(daemon, 'SIGCONT');
  assert.equal(await late, '', 'the expired request got no answer');
  const after = await status();
  assert.equal(after.pid, daemon);
  assert.equal(after.generation, before.generation, 'the switch its client gave up on was not carried out later');
  assert.deepEqual(after.processes.map((p) => p.pid), before.processes.map((p) => p.pid), 'nothing was restarted');
  assert.equal(switchTo('two').code, 0, 'the next switch takes the lock and goes through');
});
