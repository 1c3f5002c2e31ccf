// procform init: in an empty folder the example model type-checks against procform's
// types, and the commands init prints run it; in a folder with a Procfile, init offers
// the import and does it with --import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));

const tempDir = (t: { after: (fn: () => void) => void }): string => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-init-'));
  t.after(() => {
    procform(['down', '--state-dir', join(dir, 'state')]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
};

test('init in an empty folder: the model type-checks, and the printed commands run its process', async (t) => {
  const dir = tempDir(t);
  const init = procform(['init'], { cwd: dir });
  assert.equal(init.code, 0, init.stderr);
  // Printed as this shell can run them: no `procform` is on PATH here, so through node.
  const printed = [...init.stderr.matchAll(/^ {2}(.+?) (build|up|switch) {2,}/gm)];
  assert.deepEqual(printed.map((m) => m[2]), ['build', 'up', 'switch']);
  const prefix = printed[0]![1]!;
  assert.match(prefix, /^node .*bin\/procform\.js'?$/);

  const checked = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  assert.equal(checked.status, 0, checked.stdout);
  // The types are real: a wrong field type is an error.
  writeFileSync(join(dir, 'broken.ts'), readFileSync(join(dir, 'processes.ts'), 'utf8').replace("foregroundProcess: 'sh'", 'foregroundProcess: 42'));
  const broken = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  assert.notEqual(broken.status, 0);
  assert.match(broken.stdout, /broken\.ts.*Type 'number' is not assignable to type 'string'/);
  rmSync(join(dir, 'broken.ts'));

  const state = ['--state-dir', join(dir, 'state'), '--force-disable-user-change'];
  for (const command of ['build', 'switch']) {
    // Exactly as printed, through a shell, with the test's own state dir.
    const run = spawnSync('sh', ['-c', `${prefix} ${command} "$@"`, 'sh', ...state], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, `${command}: ${run.stderr}`);
  }
  await waitFor('hello to write its greeting', () => {
    const logs = procform(['logs', 'hello', '-n', '5', '--state-dir', join(dir, 'state')]);
    return logs.stdout.includes('hello from procform, welcome');
  });
  const status = JSON.parse(procform(['status', '--json', '--state-dir', join(dir, 'state')]).stdout) as { processes: { instance: string; state: string }[] };
  assert.deepEqual(status.processes.map((p) => [p.instance, p.state]), [['hello', 'ready']]);
  assert.equal(procform(['init'], { cwd: dir }).code, 2, 'a second init does not replace the model');
});

test('init next to a Procfile offers the import, and does it with --import', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'Procfile'), 'web: sleep 1000\n');
  const offered = procform(['init'], { cwd: dir });
  assert.equal(offered.code, 0, offered.stderr);
  assert.match(offered.stderr, /^ {2}node .*procform\.js'? import Procfile$/m);
  assert.equal(existsSync(join(dir, 'processes.ts')), false);

  const imported = procform(['init', '--import'], { cwd: dir });
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(readFileSync(join(dir, 'processes.ts'), 'utf8'), /foregroundProcess: "sleep",\n\s+args: \["1000"\]/);
  const built = procform(['build', '--state-dir', join(dir, 'state'), '--force-disable-user-change'], { cwd: dir });
  assert.equal(built.code, 0, built.stderr);
});
