// `procform status` and the control commands when there is no single running supervisor to
// ask: an embedded daemon killed with SIGKILL (what it left running, and what `down` and
// `switch` do about it), and one state dir with deployments on two backends (one of whose
// managers then stops).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeTree } from '../../src/store/write.js';
import { procform } from '../helpers/cli.js';
import { alive, waitFor } from '../helpers/wait.js';

const model = fileURLToPath(new URL('../fixtures/models/observed.ts', import.meta.url));

interface Status { pid: number; backend?: string; processes: { instance: string; state: string; pid: number | null }[] }

const fixture = (t: { after: (fn: () => void) => void }, cleanup: (run: (args: readonly string[]) => void) => void) => {
  const state = mkdtempSync(join(tmpdir(), 'pf-observe-cli-'));
  chmodSync(state, 0o755);
  const run = (args: readonly string[]) => procform([...args, '--state-dir', state]);
  const ok = (args: readonly string[]) => {
    const result = run(args);
    assert.equal(result.code, 0, `procform ${args.join(' ')}: ${result.stderr}`);
    return result;
  };
  t.after(() => {
    cleanup(run);
    removeTree(state);
  });
  return { state, run, ok };
};

test('after a daemon SIGKILL, status names what still runs and what down and switch do; both do it', { timeout: 120_000 }, async (t) => {
  const { run, ok } = fixture(t, (run) => run(['down']));
  ok(['switch', '-q', '-f', model, '--force-disable-user-change']);
  const live = JSON.parse(ok(['status', '--json']).stdout) as Status;
  const pids = Object.fromEntries(live.processes.map((p) => [p.instance, p.pid!]));
  process.kill(live.pid, 'SIGKILL');
  await waitFor('the daemon to be gone', () => !alive(live.pid));

  const gone = run(['status']);
  assert.equal(gone.code, 2, gone.stderr);
  assert.match(gone.stderr, new RegExp(`the embedded supervisor \\(pid ${live.pid}\\) is gone: it was killed without stopping its processes; these 2 still run, unsupervised:`));
  assert.match(gone.stderr, new RegExp(`^  db +pid ${pids.db}$`, 'm'));
  assert.match(gone.stderr, new RegExp(`^  app +pid ${pids.app}$`, 'm'));
  assert.match(gone.stderr, /hint: procform down stops them; procform switch stops them too and deploys again in new processes \(they are replaced, not adopted\)/);
  assert.equal(gone.stdout, '');
  assert.equal(run(['status', '--json']).code, 2);
  const control = run(['restart', 'db']);
  assert.equal(control.code, 2);
  assert.match(control.stderr, /is gone/);
  assert.ok(alive(pids.db!) && alive(pids.app!), 'nothing stopped them so far');

  // What the hint says of switch: the old processes are stopped and new ones run.
  ok(['switch', '-q', '-f', model, '--force-disable-user-change']);
  await waitFor('the unsupervised processes to be stopped', () => !alive(pids.db!) && !alive(pids.app!));
  const again = JSON.parse(ok(['status', '--json']).stdout) as Status;
  assert.ok(again.processes.every((p) => p.pid !== null && alive(p.pid) && !Object.values(pids).includes(p.pid)));

  // And of down.
  process.kill(again.pid, 'SIGKILL');
  await waitFor('the second daemon to be gone', () => !alive(again.pid));
  assert.match(run(['status']).stderr, new RegExp(`^  db +pid ${again.processes[0]!.pid}$`, 'm'));
  ok(['down']);
  await waitFor('down to stop them', () => again.processes.every((p) => !alive(p.pid!)));
  const none = run(['status']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no supervisor is running for this state dir/);
});

const s6 = ['s6-svscan', 's6-svc', 's6-svstat', 's6-log'].every((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0);

test('two backends deployed in one state dir: status shows each, the other commands ask for -P', { timeout: 180_000, skip: !s6 && process.env.CI !== 'true' ? 's6 is not installed' : false }, async (t) => {
  const { run, ok } = fixture(t, (run) => {
    run(['switch', '-P', 'sysvinit', '--undeploy', '-q']);
    run(['switch', '-P', 's6', '--undeploy', '-q']);
    run(['manager', 'stop', 's6']);
  });
  ok(['manager', 'start', 's6']);
  for (const backend of ['s6', 'sysvinit']) ok(['switch', '-P', backend, '-q', '-f', model, '--force-disable-user-change']);

  const lines = ok(['status', '--json']).stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Status);
  assert.deepEqual(lines.map((s) => s.backend), ['s6', 'sysvinit'], 'one JSON document per deployment, one per line');
  assert.ok(lines.every((s) => s.processes.every((p) => p.pid !== null && alive(p.pid))));
  const text = ok(['status']).stdout;
  assert.match(text, /^s6 pid \d+, generation 1 \(/m);
  assert.match(text, /^sysvinit, generation 1 \(/m);

  for (const command of [['restart', 'db'], ['logs']]) {
    const ambiguous = run(command);
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /this state dir has 2 deployments: s6 \(generation 1\), sysvinit \(generation 1\)/);
    assert.match(ambiguous.stderr, new RegExp(`hint: name one with -P, e.g. procform ${command[0]} -P s6`));
  }
  ok(['restart', '-q', '-P', 'sysvinit', 'db']);
  const after = ok(['status', '--json']).stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Status);
  const pidsOf = (s: Status) => s.processes.map((p) => p.pid);
  assert.deepEqual(pidsOf(after[0]!), pidsOf(lines[0]!), 'the s6 deployment was not touched');
  assert.ok(pidsOf(after[1]!).every((pid, i) => pid !== pidsOf(lines[1]!)[i]), 'sysvinit restarted db and app');

  // A deployment whose manager is down does not hide the others, and fails the command.
  ok(['manager', 'stop', 's6']);
  const partly = run(['status']);
  assert.equal(partly.code, 2);
  assert.match(partly.stdout, /^sysvinit, generation 1 \(/m);
  assert.doesNotMatch(partly.stdout, /^s6/m);
  assert.match(partly.stderr, /the s6 deployment did not answer: s6 is not running for this state dir \(generation 1 is deployed to it\)\nhint: start it with procform manager start s6/);

  const generated = run(['status', '-P', 'agnostic']);
  assert.equal(generated.code, 2);
  assert.match(generated.stderr, /the agnostic backend only generates files/);
  const nothing = run(['status', '-P', 'runit']);
  assert.equal(nothing.code, 2);
  assert.match(nothing.stderr, /nothing is deployed with runit in this state dir\nhint: deploy with procform switch -P runit/);
});
