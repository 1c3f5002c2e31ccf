import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stateDirLines } from './state-dirs.js';
import type { StateDir } from '../model/state-dir.js';

const owned: StateDir = { path: '/var/lib/a b', mode: '0750', user: 'app', group: 'web' };
const userOnly: StateDir = { path: '/var/lib/u', mode: '0700', user: 'app', group: null };
const groupOnly: StateDir = { path: '/var/lib/g', mode: '0770', user: null, group: 'web' };
const nobody: StateDir = { path: '/var/lib/n', mode: '0755', user: null, group: null };
const all = [owned, userOnly, groupOnly, nobody];

test('under set -e: one command a line, the owner only with a user', () => {
  assert.deepEqual(stateDirLines([owned, groupOnly]), [
    "mkdir -p -- '/var/lib/a b'",
    "chmod 0750 -- '/var/lib/a b'",
    "chown app:web -- '/var/lib/a b'",
    'mkdir -p -- /var/lib/g',
    'chmod 0770 -- /var/lib/g',
  ]);
});

test('a function body: indented, mkdir and chmod on one line, chown only as root', () => {
  assert.deepEqual(stateDirLines([userOnly], { indent: '  ', onFailure: 'return 1', oneLine: true, rootTest: '"$root" = 1' }), [
    '  mkdir -p -- /var/lib/u && chmod 0700 -- /var/lib/u || return 1',
    '  if [ "$root" = 1 ]; then chown app -- /var/lib/u || return 1; fi',
  ]);
});

test('a group alone is given with chgrp or chown, a lone user its login group', () => {
  assert.deepEqual(stateDirLines([groupOnly], { groupAlone: 'chgrp' }).at(-1), 'chgrp web -- /var/lib/g');
  assert.deepEqual(stateDirLines([groupOnly, userOnly], { groupAlone: 'chown', loginGroup: true, dashes: 'after-chown' }).filter((l) => l.startsWith('chown')), [
    'chown -- :web /var/lib/g',
    'chown -- app: /var/lib/u',
  ]);
});

test('without dashes every command stops the script on its own', () => {
  assert.deepEqual(stateDirLines([owned], { onFailure: 'exit 1', dashes: 'none' }), [
    "mkdir -p -- '/var/lib/a b' || exit 1",
    "chmod 0750 '/var/lib/a b' || exit 1",
    "chown app:web '/var/lib/a b' || exit 1",
  ]);
});

test('a directory without owner gets mkdir and chmod only, in every style', () => {
  for (const style of [{}, { groupAlone: 'chown' as const, loginGroup: true }, { rootTest: 'x' }]) {
    assert.equal(stateDirLines([nobody], style).length, 2);
  }
  assert.equal(stateDirLines(all).length, 2 + 1 + 2 + 1 + 2 + 0 + 2);
});
