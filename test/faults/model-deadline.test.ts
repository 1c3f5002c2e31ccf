// Fault: the model never finishes: its function loops forever, or its module awaits a
// promise that never settles. Expected: switch, build and ids give up once the model has run
// for $PROCFORM_MODEL_TIMEOUT seconds, and a promise that nothing can settle any more is
// reported at once; each says what happened, exits 2 (refused, nothing changed) rather than
// hanging or exiting 13 in silence, and leaves the profile unlocked. (That a model that does
// finish keeps its blame, the user's file and line, test/cli/build.test.ts shows.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { removeTree } from '../../src/store/write.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/models/${name}.ts`, import.meta.url));
const env = { PROCFORM_MODEL_TIMEOUT: '1' };

const setup = (t: { after: (fn: () => void) => void }) => {
  const state = mkdtempSync(join(tmpdir(), 'pf-faults-model-'));
  t.after(() => removeTree(state));
  return { state, flags: ['--state-dir', state, '--force-disable-user-change'] };
};

test('a model that loops forever: switch and ids stop it at the deadline and say so', { timeout: 60_000 }, (t) => {
  const { state, flags } = setup(t);
  const pools = join(state, 'idresources.json');
  writeFileSync(pools, '{}\n');
  for (const command of [['switch'], ['ids', '--dry-run', '--id-resources', pools]]) {
    const began = Date.now();
    const run = procform([...command, '-f', fixture('endless-loop'), ...flags], { env, timeout: 20_000 });
    assert.equal(run.code, 2, `${command[0]} exits 2:\n${run.stderr}`);
    assert.match(run.stderr, /the model did not finish evaluating within 1 s \(an endless loop or a promise that never settles\?\)/);
    assert.match(run.stderr, /PROCFORM_MODEL_TIMEOUT/, 'it says how to give a slow model longer');
    assert.ok(Date.now() - began < 15_000, `${command[0]} gave up near the deadline`);
  }
  assert.ok(!existsSync(join(state, 'lib/procform/profiles/embedded/lock')), 'the profile is not left locked');
  assert.equal(procform(['status', '--state-dir', state]).code, 2, 'no supervisor was started');
});

test('a top-level await that never settles is reported, not exit 13 in silence', { timeout: 60_000 }, (t) => {
  const { flags } = setup(t);
  const orphaned = procform(['switch', '-f', fixture('never-settles'), ...flags], { env: { PROCFORM_MODEL_TIMEOUT: '60' }, timeout: 20_000 });
  assert.equal(orphaned.code, 2, orphaned.stderr);
  assert.match(orphaned.stderr, /the model did not finish evaluating: it waits for a promise that nothing can settle any more/, 'reported at once, without waiting for the deadline');
  const waiting = procform(['switch', '-f', fixture('waits-forever'), ...flags], { env, timeout: 20_000 });
  assert.equal(waiting.code, 2, waiting.stderr);
  assert.match(waiting.stderr, /did not finish evaluating within 1 s/);
});
