// The embedded supervisor keeps a oneshot that succeeded, like every other backend: a
// switch that changes nothing does not run it again, and neither does a switch that only
// restarts what depends on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { removeTree } from '../../src/store/write.js';

const model = fileURLToPath(new URL('../fixtures/models/oneshot.ts', import.meta.url));

test('embedded: a oneshot that succeeded is kept by a switch that does not change it', async (t) => {
  const state = mkdtempSync(join(tmpdir(), 'pf-oneshot-'));
  t.after(() => {
    procform(['down', '--state-dir', state]);
    removeTree(state);
  });
  const out = join(state, 'migrate.log');
  const runs = (): number => (existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter((l) => l === 'ran').length : 0);
  const args = (extra: object) => ['-f', model, '--state-dir', state, '--force-disable-user-change', '--extra-params', JSON.stringify({ out, ...extra })];

  const first = procform(['switch', ...args({})]);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(runs(), 1);

  const dry = procform(['switch', '--dry-run', ...args({})]);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^nothing to do$/m);
  assert.match(dry.stdout, /keep\s+migrate\s+\(unchanged\)/);

  const same = procform(['switch', '--json', ...args({})]);
  assert.equal(same.code, 0, same.stderr);
  const result = JSON.parse(same.stdout) as { started: string[]; kept: string[] };
  assert.deepEqual(result.started, []);
  assert.deepEqual([...result.kept].sort(), ['migrate', 'server']);

  const relabelled = procform(['switch', '--json', ...args({ label: 'two' })]);
  assert.equal(relabelled.code, 0, relabelled.stderr);
  assert.deepEqual((JSON.parse(relabelled.stdout) as { started: string[] }).started, ['server']);
  assert.equal(runs(), 1, 'the oneshot ran once in all');
});
