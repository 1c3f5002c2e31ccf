import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, statSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeEntry, verifyHash } from './entry.js';
import { file, link } from './file-set.js';
import { readFileSet, removeTree, writeEntry } from './write.js';

test('entries are written read-only, once, and read back identically', (t) => {
  const store = join(mkdtempSync(join(tmpdir(), 'pf-store-')), 'store');
  t.after(() => removeTree(join(store, '..')));
  const entry = makeEntry(store, 'svc', [file('etc/svc.conf', 'a=1\n'), file('bin/run', '#!/bin/sh\n', true), link('self', '.')]);
  assert.equal(writeEntry(entry), true);
  assert.equal(writeEntry(entry), false, 'an existing entry is left alone');
  assert.equal(statSync(join(entry.path, 'etc/svc.conf')).mode & 0o777, 0o444);
  assert.equal(statSync(join(entry.path, 'bin/run')).mode & 0o777, 0o555);
  assert.equal(statSync(entry.path).mode & 0o777, 0o555);
  assert.equal(readlinkSync(join(entry.path, 'self')), '.');
  const back = readFileSet(entry.path);
  assert.deepEqual(back, [...entry.files].sort((a, b) => (a.path < b.path ? -1 : 1)));
  assert.ok(verifyHash('svc', entry.hash, back));
  assert.deepEqual(readdirSync(store), [`${entry.hash}-svc`], 'no temporary directory is left behind');
});
