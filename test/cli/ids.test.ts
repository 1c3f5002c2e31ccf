import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { procform } from '../helpers/cli.js';
import { removeTree } from '../../src/store/write.js';

// A model whose instances and the pools they need come from --extra-params.
const MODEL = `
import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses<{ names: string[] }>((params) => Object.fromEntries((params.names ?? []).map((name) => [name, {
  pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', environment: { PORT: params.ids.ports?.[name] ?? 0 } }),
  requiresUniqueIdsFor: ['ports', 'uids'],
}])));
`;

const setup = (t: { after: (fn: () => void) => void }) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-ids-'));
  t.after(() => removeTree(dir));
  writeFileSync(join(dir, 'processes.ts'), MODEL);
  writeFileSync(join(dir, 'idresources.json'), JSON.stringify({ ports: { min: 5000, max: 5002 }, uids: { min: 2000, max: 3000, step: 10 } }));
  const run = (names: string[]) => {
    const result = procform(['ids', '-f', join(dir, 'processes.ts'), '--extra-params', JSON.stringify({ names })]);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(readFileSync(join(dir, 'ids.json'), 'utf8'));
  };
  return { dir, run };
};

test('ids are assigned in sorted order and stay stable when instances come and go', (t) => {
  const { run } = setup(t);
  const first = run(['b', 'a']);
  assert.deepEqual(first.ids, { ports: { a: 5000, b: 5001 }, uids: { a: 2000, b: 2010 } });
  const added = run(['b', 'a', 'c']);
  assert.deepEqual(added.ids.ports, { a: 5000, b: 5001, c: 5002 });
  assert.deepEqual(added.ids.uids, { a: 2000, b: 2010, c: 2020 });
  const removed = run(['b', 'c']);
  assert.deepEqual(removed.ids.ports, { b: 5001, c: 5002 });
  assert.deepEqual(removed.ids.uids, { b: 2010, c: 2020 });
  const reused = run(['b', 'c', 'd']);
  assert.equal(reused.ids.ports.d, 5000, 'the freed port comes back only after the pool wraps around');
  assert.equal(reused.ids.uids.d, 2030, 'uids have room left, so the freed 2000 is not reused yet');
});

test('the model reads its ids back, and an exhausted pool is a clear error', (t) => {
  const { dir, run } = setup(t);
  run(['a']);
  const build = procform(['build', '--json', '-P', 'agnostic', '-f', join(dir, 'processes.ts'), '--state-dir', join(dir, 'state'), '--extra-params', '{"names":["a"]}']);
  assert.equal(build.code, 0, build.stderr);
  const spec = JSON.parse(readFileSync(join(JSON.parse(build.stdout).processes[0].entry, 'process.json'), 'utf8'));
  assert.equal(spec.environment.PORT, '5000');
  const full = procform(['ids', '-f', join(dir, 'processes.ts'), '--extra-params', '{"names":["a","b","c","d"]}']);
  assert.equal(full.code, 2);
  assert.match(full.stderr, /id pool "ports" is exhausted: it holds 3 ids and 4 instances need one/);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'ids.json'), 'utf8')).ids.ports, { a: 5000 }, 'a failed run leaves the ids file alone');
});

test('--dry-run prints without writing; --json reports the changes', (t) => {
  const { dir } = setup(t);
  const dry = procform(['ids', '-n', '-f', join(dir, 'processes.ts'), '--extra-params', '{"names":["x"]}']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.deepEqual(JSON.parse(dry.stdout).ids.ports, { x: 5000 });
  assert.throws(() => readFileSync(join(dir, 'ids.json')));
  const json = procform(['ids', '--json', '-f', join(dir, 'processes.ts'), '--extra-params', '{"names":["x"]}']);
  const out = JSON.parse(json.stdout);
  assert.equal(out.written, true);
  assert.ok(out.changes.some((c: { kind: string; instance: string }) => c.kind === 'assigned' && c.instance === 'x'));
});
