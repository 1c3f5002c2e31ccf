// Inputs through the CLI and the embedded supervisor: a writeFile script runs on a fresh
// state dir (build, switch, up), and a switch restarts exactly the processes whose
// declared inputs or executables changed, with their dependents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastLine, procform } from '../helpers/cli.js';
import { alive, waitFor } from '../helpers/wait.js';
import { removeTree } from '../../src/store/write.js';

const bin = fileURLToPath(new URL('../../bin/procform.js', import.meta.url));

const tempDir = (t: { after: (fn: () => void) => void }): string => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-inputs-cli-'));
  t.after(() => {
    procform(['down', '--state-dir', join(dir, 'state')]);
    removeTree(dir);
  });
  return dir;
};

interface Status { processes: { instance: string; state: string; pid: number | null }[] }

const statusOf = (state: string): Status => {
  const r = procform(['status', '--json', '--state-dir', state]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Status;
};

const scriptModel = (executable: boolean): string => `
import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses((params) => {
  const script = params.writeFile({ name: 'hello.sh', text: '#!/bin/sh\\nexec sleep 100000\\n', executable: ${executable} });
  return { hello: { pkg: createManagedProcess({ foregroundProcess: script }) } };
});
`;

test('a writeFile script runs on a fresh state dir: build, switch and up succeed the first time', async (t) => {
  const dir = tempDir(t);
  const model = join(dir, 'processes.ts');
  writeFileSync(model, scriptModel(true));
  const fresh = (name: string) => ['-f', model, '--state-dir', join(dir, name), '--force-disable-user-change'];

  const built = procform(['build', ...fresh('build')]);
  assert.equal(built.code, 0, built.stderr);
  assert.match(lastLine(built.stdout), /-generation-embedded$/);

  const state = join(dir, 'state');
  const switched = procform(['switch', '-q', ...fresh('state')]);
  assert.equal(switched.code, 0, switched.stderr);
  const running = await waitFor('hello to run', () => statusOf(state).processes.find((p) => p.instance === 'hello' && p.state === 'ready'));
  assert.ok(running.pid !== null && alive(running.pid));
  procform(['down', '--state-dir', state]);

  const up = spawn(process.execPath, [bin, 'up', ...fresh('up')], { env: { ...process.env, NO_COLOR: '1' } });
  t.after(() => up.kill('SIGKILL'));
  let output = '';
  up.stderr.on('data', (c) => { output += c; });
  await waitFor('up to start hello', () => /1 processes up/.test(output), 20_000);
  const exited = new Promise<number | null>((resolve) => up.once('exit', resolve));
  up.kill('SIGINT');
  assert.equal(await exited, 0, output);
});

test('a writeFile script without executable: true is refused with what to do', (t) => {
  const dir = tempDir(t);
  const model = join(dir, 'processes.ts');
  writeFileSync(model, scriptModel(false));
  const run = procform(['build', '-f', model, '--state-dir', join(dir, 'state'), '--force-disable-user-change']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /error\[not-executable\] instance "hello", field foregroundProcess: executable \S+hello\.sh is written by params\.writeFile without executable: true/);
  assert.match(run.stderr, /processes\.ts:5/);
  assert.match(run.stderr, /hint: pass executable: true to params\.writeFile/);
});

test('switch restarts exactly the processes whose inputs changed, and their dependents', async (t) => {
  const dir = tempDir(t);
  const state = join(dir, 'state');
  mkdirSync(join(dir, 'app/lib'), { recursive: true });
  writeFileSync(join(dir, 'app/run.sh'), 'exec sleep 100000\n');
  writeFileSync(join(dir, 'app/lib/settings.txt'), 'one\n');
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin/tool.sh'), '#!/bin/sh\nexec sleep 100001\n');
  chmodSync(join(dir, 'bin/tool.sh'), 0o755);
  writeFileSync(join(dir, 'processes.ts'), `
import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => {
  // api runs its own code from ./app, declared; tool is a script run directly; idle runs a system program.
  const api = createManagedProcess({ foregroundProcess: '/bin/sh', args: [new URL('./app/run.sh', import.meta.url).pathname], inputs: ['./app'] });
  return {
    api: { pkg: api },
    web: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['100002'], dependencies: [api] }) },
    tool: { pkg: createManagedProcess({ foregroundProcess: new URL('./bin/tool.sh', import.meta.url).pathname }) },
    idle: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['100003'] }) },
  };
});
`);
  const switchNow = (): void => {
    const r = procform(['switch', '-q', '-f', join(dir, 'processes.ts'), '--state-dir', state, '--force-disable-user-change']);
    assert.equal(r.code, 0, r.stderr);
  };
  const pids = async (): Promise<Record<string, number>> => waitFor('every process to run', () => {
    const { processes } = statusOf(state);
    return processes.length === 4 && processes.every((p) => p.state === 'ready' && p.pid !== null)
      && Object.fromEntries(processes.map((p) => [p.instance, p.pid!]));
  });
  const restarted = (before: Record<string, number>, after: Record<string, number>): string[] =>
    Object.keys(before).filter((instance) => before[instance] !== after[instance]).sort();

  switchNow();
  const first = await pids();
  switchNow();
  const same = await pids();
  assert.deepEqual(restarted(first, same), [], 'nothing changed, nothing restarts');

  writeFileSync(join(dir, 'app/lib/settings.txt'), 'two\n');
  switchNow();
  const edited = await pids();
  assert.deepEqual(restarted(same, edited), ['api', 'web'], 'the process declaring ./app and its dependent restart');
  assert.ok(!alive(same.api!), 'the old api process is gone');

  writeFileSync(join(dir, 'bin/tool.sh'), '#!/bin/sh\nexec sleep 100004\n');
  switchNow();
  const tool = await pids();
  assert.deepEqual(restarted(edited, tool), ['tool'], 'an edited executable restarts the process running it');

  switchNow();
  assert.deepEqual(restarted(tool, await pids()), [], 'switching again with nothing changed restarts nothing');
});
