// supervisord round trip: supervisord itself runs the fixture, then the imported model runs
// on the embedded supervisor, and every process (the numbered workers too) must get the
// same argv, working directory, umask and environment. Differences allowed, and
// documented: the SUPERVISOR_* variables supervisord sets to name itself, and what it
// passes on from its own environment (HOME here, and LC_CTYPE, which Python sets in its
// own environment under the C locale, PEP 538).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { clearFacts, fixtureCopy, importInto, need, readFacts, runImported, without } from './round-trip.js';

const SUPERVISORD_OWN = ['SUPERVISOR_ENABLED', 'SUPERVISOR_PROCESS_NAME', 'SUPERVISOR_GROUP_NAME', 'SUPERVISOR_SERVER_URL'];

test('supervisord: every program starts with the argv, directory, umask and environment supervisord gives it', async (t) => {
  if (!need(t, '/usr/bin/supervisord', 'apt-get install supervisor')) return;
  const dir = fixtureCopy(t, 'supervisord');
  mkdirSync(join(dir, 'out'));
  const files = { web: join(dir, 'out/web.json'), 'worker-1': join(dir, 'out/app-01.json'), 'worker-2': join(dir, 'out/app-02.json') };

  const supervisord = spawn('/usr/bin/supervisord', ['-n', '-c', join(dir, 'supervisord.conf')], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir }, stdio: 'ignore', detached: true });
  const stop = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-supervisord.pid!, signal);
    } catch {
      // already gone
    }
  };
  t.after(() => stop('SIGKILL'));
  const original = await readFacts(files);
  stop('SIGTERM');
  await new Promise((resolve) => supervisord.once('exit', resolve));
  clearFacts(files);

  const { stderr, model } = importInto(dir, 'supervisord.conf');
  const imported = await runImported(dir, files);
  for (const name of Object.keys(files)) {
    assert.deepEqual(imported[name]!.argv, original[name]!.argv, `${name}: argv`);
    assert.equal(imported[name]!.cwd, original[name]!.cwd, `${name}: working directory`);
    assert.equal(imported[name]!.umask, original[name]!.umask, `${name}: umask`);
    assert.deepEqual(without(imported[name]!.env, []), without(original[name]!.env, [...SUPERVISORD_OWN, 'HOME', 'LC_CTYPE']), `${name}: environment`);
  }
  assert.deepEqual(original.web!.argv.slice(1), ['--name', 'my app', 'single quoted', 'web']);
  assert.equal(original.web!.env.DATABASE_URL, 'postgres://localhost/app?a=1,b=2');
  assert.equal(original.web!.env.SHARED, 'from web');
  assert.equal(original.web!.umask, '0027');
  // Settings without a counterpart are named where they belong.
  assert.match(model, /const web = \{\n {4}pkg: createManagedProcess\(\{\n(\s+\/\/ not imported: .*\n)*\s+\/\/ not imported: priority: 10 /);
  assert.match(stderr, /worker-1 {2}exitcodes: 0,2/);
  assert.match(stderr, /\(file\) {2}\[group:app\]: programs = web,worker: procform has no groups/);
});
