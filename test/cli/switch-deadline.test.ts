// A switch gives a new version until its deadline to come up: a release that crash-loops
// is rolled back at the deadline (the process's startTimeout, or --timeout), with progress
// while the switch waits, instead of after every restart the policy allows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { freePorts, get } from '../helpers/wait.js';
import { removeTree } from '../../src/store/write.js';

const model = fileURLToPath(new URL('../fixtures/models/crashloop.ts', import.meta.url));

const setup = async (t: { after: (fn: () => void) => void }) => {
  const state = mkdtempSync(join(tmpdir(), 'pf-deadline-'));
  const [port] = await freePorts(1);
  t.after(() => {
    procform(['down', '--state-dir', state]);
    removeTree(state);
  });
  const run = (extra: object, flags: string[] = []) =>
    procform(['switch', '-f', model, '--state-dir', state, '--force-disable-user-change', ...flags, '--extra-params', JSON.stringify({ port, ...extra })]);
  return { state, port: port!, run };
};

test('embedded: a crash-looping release is rolled back at its startTimeout, with progress meanwhile', { timeout: 60_000 }, async (t) => {
  const { port, run } = await setup(t);
  const first = run({ version: 1 });
  assert.equal(first.code, 0, first.stderr);
  const broken = run({ version: 2, startTimeout: 6 });
  assert.equal(broken.code, 2, broken.stderr);
  assert.match(broken.stderr, /server did not come up: gave up after 6 s: it keeps exiting, \d+ restarts?, last exit code 1; its last output: v2 cannot start/);
  assert.match(broken.stderr, /waiting for server: .*\(\d+ s of 6 s\)/, 'the wait is reported while it lasts');
  assert.match(broken.stderr, /going back to the previous generation/);
  assert.match(broken.stderr, /the previous generation runs again/);
  assert.equal((await get(port)).status, 200, 'version 1 answers again');
});

test('embedded: --timeout bounds the wait for every process of one switch', { timeout: 60_000 }, async (t) => {
  const { port, run } = await setup(t);
  assert.equal(run({ version: 1 }).code, 0);
  const broken = run({ version: 2 }, ['--timeout', '2']);
  assert.equal(broken.code, 2, broken.stderr);
  assert.match(broken.stderr, /gave up after 2 s/);
  assert.equal((await get(port)).status, 200);
  const bad = run({ version: 1 }, ['--timeout', 'soon']);
  assert.equal(bad.code, 100);
  assert.match(bad.stderr, /--timeout.*must be a positive number of seconds/);
});

test('embedded: a first deployment that does not come up says nothing was deployed before', { timeout: 60_000 }, async (t) => {
  const { run } = await setup(t);
  const broken = run({ version: 2 }, ['--timeout', '2']);
  assert.equal(broken.code, 2, broken.stderr);
  assert.match(broken.stderr, /removing what was started/);
  assert.match(broken.stderr, /nothing was deployed before, and what was started is stopped again/);
});
