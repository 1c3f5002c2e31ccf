// Procfile round trip: foreman itself runs the fixture, then the imported model runs on
// the embedded supervisor, and every process must get the same argv, working directory
// and environment. Differences allowed, and documented: foreman's PS (its own name for
// the process) and what it passes on from its own environment (HOME here), and what
// sh sets for itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { clearFacts, fixtureCopy, importInto, need, readFacts, runImported, SHELL_VARIABLES, without } from './round-trip.js';

test('Procfile: every process starts with the argv, directory and environment foreman gives it', async (t) => {
  if (!need(t, '/usr/bin/foreman', 'apt-get install ruby-foreman')) return;
  const dir = fixtureCopy(t, 'procfile');
  mkdirSync(join(dir, 'out'));
  const files = { web: join(dir, 'out/web.json'), worker: join(dir, 'out/worker.json'), clock: join(dir, 'out/clock.json'), release_task: join(dir, 'out/release.json') };

  // A known, small environment, so that what foreman passes on from its own is known.
  const foreman = spawn('/usr/bin/foreman', ['start', '-f', 'Procfile'], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir }, stdio: 'ignore', detached: true });
  const stop = (): void => {
    try {
      process.kill(-foreman.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  t.after(stop);
  const original = await readFacts(files);
  stop();
  clearFacts(files);

  const { stderr, model } = importInto(dir, 'Procfile');
  const imported = await runImported(dir, files);
  for (const name of Object.keys(files)) {
    assert.deepEqual(imported[name]!.argv, original[name]!.argv, `${name}: argv`);
    assert.equal(imported[name]!.cwd, original[name]!.cwd, `${name}: working directory`);
    assert.deepEqual(without(imported[name]!.env, SHELL_VARIABLES), without(original[name]!.env, [...SHELL_VARIABLES, 'HOME', 'PS']), `${name}: environment`);
  }
  assert.equal(original.web!.env.PORT, '5000');
  assert.equal(original.release_task!.env.PORT, '5300');
  assert.deepEqual(original.release_task!.argv, ['out/release.json', 'hello']);
  assert.equal(imported.web!.env.QUOTED, 'single $quoted');
  assert.equal(imported.clock!.cwd, join(dir, 'sub'));
  // What was not imported is said on stderr and in the model, at the top (it is about the whole file).
  assert.match(stderr, /not imported \(2;/);
  assert.match(model, /^\/\/ not imported: PS: /m);
  // Plain commands became argv; shell syntax stayed with the shell.
  assert.match(model, /foregroundProcess: "[^"]*print-env\.js",\n\s+args: \["out\/worker\.json", "queue=default", "--verbose"\]/);
  assert.match(model, /args: \["-c", "cd sub && /);
});
