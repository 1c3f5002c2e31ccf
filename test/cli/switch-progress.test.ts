// A switch through an activator reports each start and stop as it finishes, dependencies
// first, and says when it goes back to the previous generation; --quiet silences it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { removeTree } from '../../src/store/write.js';

const model = fileURLToPath(new URL('../fixtures/models/pair.ts', import.meta.url));

/** The progress lines about processes, in the order printed, without their timings. */
const steps = (stderr: string): string[] =>
  stderr.split('\n').filter((line) => /^• (started|stopped|\w+ did not|going back)/.test(line)).map((line) => line.replace(/ \(\d+ ms\)$/, '').replace(/: .*$/, ''));

test('sysvinit: switch progress names every start and stop in order, and the way back', { timeout: 90_000 }, async (t) => {
  const state = mkdtempSync(join(tmpdir(), 'pf-progress-'));
  const base = ['-P', 'sysvinit', '--state-dir', state, '--force-disable-user-change'];
  t.after(() => {
    procform(['switch', ...base, '--undeploy']);
    removeTree(state);
  });

  const first = procform(['switch', ...base, '-f', model]);
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(steps(first.stderr), ['• started server', '• started client']);
  assert.match(first.stderr, /^• started server \(\d+ ms\)$/m);

  const broken = procform(['switch', ...base, '-f', model, '--extra-params', '{"broken":true}']);
  assert.notEqual(broken.code, 0);
  assert.deepEqual(steps(broken.stderr), [
    '• stopped client', '• client did not come up', '• going back to the previous generation', '• stopped client', '• started client',
  ]);

  const quiet = procform(['switch', ...base, '--undeploy', '-q']);
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(quiet.stderr, '');
});
