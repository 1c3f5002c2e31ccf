// The launchd activator against a recording stand-in for launchctl (launchd only exists
// on macOS): the exact launchctl command sequence of a first deploy, a change of one
// process, a rollback, a failed switch rolled back, and an undeploy; the manager
// directory's contents; the pre-start step; emulated readiness; status, logs and control.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { launchd } from '../../../src/backends/launchd/index.js';
import { entryJob, managerDir, parseJobState } from '../../../src/backends/launchd/activate.js';
import { computeBuild, writeBuild } from '../../../src/build/build.js';
import { createManagedProcess } from '../../../src/model/managed-process.js';
import { defineProcesses } from '../../../src/model/define-processes.js';
import { activationGeneration, switchBackend } from '../../../src/deploy/switch-backend.js';
import type { ActivationGeneration } from '../../../src/deploy/activator.js';
import { testParams } from '../../helpers/params.js';

const DOMAIN = process.getuid?.() === 0 ? 'system' : `gui/${process.getuid?.() ?? 0}`;

/** The stand-in: logs its argv as a JSON line, keeps loaded labels as files, fails a bootstrap of a plist containing FAIL-ME. */
const STAND_IN = `#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.LAUNCHCTL_LOG, JSON.stringify(args) + '\\n');
const state = process.env.LAUNCHCTL_STATE;
const labelOfTarget = (target) => target.slice(target.lastIndexOf('/') + 1);
const [command, a, b] = args;
if (command === 'bootstrap') {
  const label = path.basename(b, '.plist');
  if (fs.readFileSync(b, 'utf8').includes('FAIL-ME')) { process.stderr.write('Bootstrap failed: 5: Input/output error\\n'); process.exit(5); }
  if (fs.existsSync(path.join(state, label))) { process.stderr.write('Bootstrap failed: 17: File exists\\n'); process.exit(17); }
  fs.writeFileSync(path.join(state, label), b);
} else if (command === 'bootout') {
  const label = labelOfTarget(a);
  if (!fs.existsSync(path.join(state, label))) { process.stderr.write('Boot-out failed: 3: No such process\\n'); process.exit(3); }
  fs.rmSync(path.join(state, label));
} else if (command === 'print') {
  const label = labelOfTarget(a);
  if (!fs.existsSync(path.join(state, label))) { process.stderr.write('Could not find service\\n'); process.exit(113); }
  process.stdout.write(a + ' = {\\n\\tactive count = 1\\n\\tstate = running\\n\\tpid = 4242\\n\\tlast exit code = (never exited)\\n}\\n');
} else { process.exit(64); }
`;

interface Fixture {
  readonly stateDir: string;
  readonly calls: () => string[][];
  readonly reset: () => void;
  readonly build: (definition: ReturnType<typeof defineProcesses>) => ActivationGeneration;
}

const fixture = (t: TestContext): Fixture => {
  const stateDir = mkdtempSync(join(tmpdir(), 'procform-launchd-'));
  const bin = join(stateDir, 'fake-bin');
  const loaded = join(stateDir, 'fake-loaded');
  const log = join(stateDir, 'launchctl.jsonl');
  for (const dir of [bin, loaded]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(bin, 'launchctl'), STAND_IN);
  chmodSync(join(bin, 'launchctl'), 0o755);
  writeFileSync(log, '');
  const saved = { PATH: process.env.PATH, LAUNCHCTL_LOG: process.env.LAUNCHCTL_LOG, LAUNCHCTL_STATE: process.env.LAUNCHCTL_STATE };
  process.env.PATH = `${bin}:${process.env.PATH ?? ''}`;
  process.env.LAUNCHCTL_LOG = log;
  process.env.LAUNCHCTL_STATE = loaded;
  t.after(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(stateDir, { recursive: true, force: true });
  });
  return {
    stateDir,
    calls: () => readFileSync(log, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as string[]),
    reset: () => writeFileSync(log, ''),
    build: (definition) => {
      const result = computeBuild({
        definition,
        params: { ...testParams(stateDir, { forceDisableUserChange: true }), processManager: 'launchd' },
        backend: launchd,
        sourceFile: '/nowhere/processes.ts',
      });
      writeBuild(result);
      return activationGeneration(result.generation.path, 'launchd');
    },
  };
};

/** a; b depends on a; c alone. `bArgs` changes b's configuration. */
const model = (bArgs: string[]) =>
  defineProcesses(() => ({
    a: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['100'] }) },
    b: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: bArgs, dependencies: ['a'] }) },
    c: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['300'] }) },
  }));

const label = (name: string): string => `org.procform.${name}`;
const print = (name: string): string[] => ['print', `${DOMAIN}/${label(name)}`];
const bootout = (name: string): string[] => ['bootout', `${DOMAIN}/${label(name)}`];

describe('launchd activator (recording launchctl stand-in)', () => {
  test('parses launchctl print output', () => {
    assert.deepEqual(parseJobState('x = {\n\tstate = running\n\tpid = 12\n}'), { running: true, lastExitCode: null });
    assert.deepEqual(parseJobState('x = {\n\tstate = not running\n\tlast exit code = 0\n}'), { running: false, lastExitCode: 0 });
    assert.deepEqual(parseJobState('x = {\n\tstate = spawn scheduled\n\tlast exit code = 78: EX_CONFIG\n}'), { running: false, lastExitCode: 78 });
  });

  test('first deploy, change of one process, rollback, undeploy: exact command sequences', async (t) => {
    const f = fixture(t);
    const dir = managerDir({ ...testParams(f.stateDir) });
    const bootstrap = (name: string): string[] => ['bootstrap', DOMAIN, join(dir, `${label(name)}.plist`)];
    const gen1 = f.build(model(['200']));
    const gen2 = f.build(model(['250']));

    // First deploy: each checked (print) before and after its bootstrap; a and c start side
    // by side, b only once a is up.
    const first = await switchBackend(launchd.activator!, null, gen1);
    assert.deepEqual(first.failed, []);
    const deployCalls = f.calls();
    assert.equal(deployCalls.length, 9);
    for (const name of ['a', 'b', 'c']) assert.deepEqual(deployCalls.filter((c) => nameOf(c) === name), [print(name), bootstrap(name), print(name)], name);
    assert.ok(deployCalls.findLastIndex((c) => nameOf(c) === 'a') < deployCalls.findIndex((c) => nameOf(c) === 'b'), 'b starts after a is up');
    assert.deepEqual(readdirSync(dir).sort(), ['a', 'b', 'c'].flatMap((n) => [`${label(n)}.json`, `${label(n)}.plist`]));
    for (const unit of gen1.units) {
      const name = unit.instance;
      assert.equal(readFileSync(join(dir, `${label(name)}.plist`), 'utf8'), readFileSync(join(unit.entry, `${label(name)}.plist`), 'utf8'));
    }

    // Change b only: a and c are not touched.
    f.reset();
    const change = await switchBackend(launchd.activator!, gen1, gen2);
    assert.deepEqual(change.failed, []);
    assert.deepEqual(change.plan.stop, ['b']);
    assert.deepEqual(change.plan.start, ['b']);
    assert.deepEqual(f.calls(), [print('a'), print('b'), print('c'), bootout('b'), print('b'), bootstrap('b'), print('b')]);
    assert.match(readFileSync(join(dir, `${label('b')}.plist`), 'utf8'), /<string>250<\/string>/);

    // Rollback: the same, the other way.
    f.reset();
    const back = await switchBackend(launchd.activator!, gen2, gen1);
    assert.deepEqual(back.failed, []);
    assert.deepEqual(f.calls(), [print('a'), print('b'), print('c'), bootout('b'), print('b'), bootstrap('b'), print('b')]);
    assert.match(readFileSync(join(dir, `${label('b')}.plist`), 'utf8'), /<string>200<\/string>/);

    // A switch whose bootstrap fails is rolled back to what ran before.
    const broken = f.build(model(['FAIL-ME']));
    f.reset();
    const failing = await switchBackend(launchd.activator!, gen1, broken);
    assert.equal(failing.rolledBack, true);
    assert.deepEqual(failing.failed.map((x) => x.instance), ['b']);
    assert.match(failing.failed[0]!.reason, /launchctl bootstrap org\.procform\.b exited with 5: Bootstrap failed/);
    assert.deepEqual(f.calls(), [
      print('a'), print('b'), print('c'), bootout('b'), print('b'), bootstrap('b'),
      // the way back: b's entry changed, so it is booted out (it is not loaded: exit 3, then
      // print confirms it), then bootstrapped from gen1 again.
      print('a'), print('b'), print('c'), bootout('b'), print('b'), print('b'), bootstrap('b'), print('b'),
    ]);
    assert.match(readFileSync(join(dir, `${label('b')}.plist`), 'utf8'), /<string>200<\/string>/);

    // Undeploy: dependents first, then the directory is emptied.
    f.reset();
    const down = await switchBackend(launchd.activator!, gen1, null);
    assert.deepEqual(down.failed, []);
    const calls = f.calls();
    assert.deepEqual(calls.slice(0, 3), [print('a'), print('b'), print('c')]);
    const bootouts = calls.slice(3, 6);
    assert.deepEqual([...bootouts].sort(), [bootout('a'), bootout('b'), bootout('c')]);
    assert.ok(bootouts.findIndex((c) => c[1]!.endsWith('.b')) < bootouts.findIndex((c) => c[1]!.endsWith('.a')), 'b stops before a');
    assert.deepEqual(calls.slice(6), [print('a'), print('b'), print('c')]);
    assert.deepEqual(readdirSync(dir), []);
  });

  test('the pre-start step creates state directories before bootstrap; readiness is waited for', async (t) => {
    const f = fixture(t);
    const stateDir = join(f.stateDir, 'svc state');
    const marker = join(f.stateDir, 'ready');
    const good = f.build(defineProcesses(() => ({
      p: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1'], stateDirs: [stateDir], initialize: `: > ${JSON.stringify(marker)}`, readiness: { kind: 'exec', command: ['/bin/sh', '-c', `test -e ${JSON.stringify(marker)}`] } }) },
    })));
    const result = await switchBackend(launchd.activator!, null, good);
    assert.deepEqual(result.failed, []);
    assert.ok(existsSync(stateDir));
    const calls = f.calls();
    assert.deepEqual(calls.slice(0, 2).map((c) => c[0]), ['print', 'bootstrap']);
    assert.ok(calls.slice(2).every((c) => c[0] === 'print'), 'only status checks while waiting for readiness');

    const bad = f.build(defineProcesses(() => ({
      p: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['2'], readiness: { kind: 'exec', command: ['/bin/false'], timeout: 1 } }) },
    })));
    const failing = await switchBackend(launchd.activator!, good, bad);
    assert.equal(failing.rolledBack, true);
    assert.deepEqual(failing.failed.map((x) => x.instance), ['p']);
  });
});

describe('launchd status, logs and control (recording launchctl stand-in)', () => {
  test('status from launchctl print, logs from the output paths, restart and stop of a dependency in order', async (t) => {
    const f = fixture(t);
    const gen = f.build(model(['200']));
    assert.deepEqual((await switchBackend(launchd.activator!, null, gen)).failed, []);
    const status = await launchd.activator!.status!(gen);
    const rows = (s: typeof status) => Object.fromEntries(s.processes.map((p) => [p.instance, [p.state, p.pid, p.ready, p.since, p.restarts]]));
    assert.deepEqual(rows(status), { a: ['ready', 4242, true, null, null], b: ['ready', 4242, true, null, null], c: ['ready', 4242, true, null, null] });
    assert.deepEqual(status.unknown, ['since', 'restarts']);

    const job = entryJob(gen.units.find((u) => u.instance === 'a')!.entry);
    mkdirSync(join(job.plist.StandardOutPath, '..'), { recursive: true });
    writeFileSync(job.plist.StandardOutPath, 'one\ntwo\n');
    const lines: unknown[] = [];
    await launchd.activator!.logs!(gen, 'a', { lines: 1, follow: false }, (line) => lines.push(line));
    assert.deepEqual(lines, [{ instance: 'a', stream: 'stdout', text: 'two' }]);

    f.reset();
    assert.deepEqual((await launchd.activator!.control!('restart', ['a'], gen)).failed, []);
    const changes = f.calls().filter((c) => c[0] !== 'print').map((c) => `${c[0]} ${nameOf(c)}`);
    assert.deepEqual(changes, ['bootout b', 'bootout a', 'bootstrap a', 'bootstrap b'], 'b goes down before a and comes back after it; c is not touched');

    f.reset();
    assert.deepEqual((await launchd.activator!.control!('stop', ['a'], gen)).failed, []);
    assert.deepEqual(f.calls().filter((c) => c[0] !== 'print').map((c) => `${c[0]} ${nameOf(c)}`), ['bootout b', 'bootout a']);
    assert.deepEqual(rows(await launchd.activator!.status!(gen)), { a: ['down', null, false, null, null], b: ['down', null, false, null, null], c: ['ready', 4242, true, null, null] });
  });
});

/** The instance a recorded launchctl call is about. */
function nameOf(call: string[]): string {
  return call[0] === 'bootstrap' ? call[2]!.slice(call[2]!.lastIndexOf('org.procform.') + 13, -6) : call[1]!.slice(call[1]!.lastIndexOf('.') + 1);
}
