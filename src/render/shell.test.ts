import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { quoteArgv, quoteShell } from './shell.js';
import { HOSTILE_VALUES } from '../../test/conformance/hostile.js';

test('quoted words come back from a real shell exactly', () => {
  const script = `printf '%s\\0' ${quoteArgv(HOSTILE_VALUES)}`;
  const out = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(out.stdout.split('\0').slice(0, -1), HOSTILE_VALUES);
});

test('safe words stay bare, the rest is single-quoted, NUL is refused', () => {
  assert.equal(quoteShell('/usr/bin/env'), '/usr/bin/env');
  assert.equal(quoteShell(''), "''");
  assert.equal(quoteShell("it's"), `'it'\\''s'`);
  assert.throws(() => quoteShell('a\0b'), /NUL/);
});
