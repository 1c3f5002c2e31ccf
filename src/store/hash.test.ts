import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { toBase32 } from './base32.js';
import { entryHash, HASH_LENGTH, placeholderHash } from './hash.js';
import { makeEntry, selfPath, verifyHash } from './entry.js';
import { file, link } from './file-set.js';

test('base-32 matches Nix for the sha256 of the empty string', () => {
  assert.equal(toBase32(createHash('sha256').update('').digest()), '0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73');
});

test('entry hashes are 32 characters, stable, and independent of file order', () => {
  const a = entryHash('x', [file('a', '1'), file('b', '2')]);
  assert.equal(a.length, HASH_LENGTH);
  assert.equal(a, entryHash('x', [file('b', '2'), file('a', '1')]));
  assert.notEqual(a, entryHash('y', [file('a', '1'), file('b', '2')]));
  assert.notEqual(a, entryHash('x', [file('a', '1'), file('b', '2', true)]));
  assert.notEqual(a, entryHash('x', [file('a', '1'), link('b', '2')]));
});

test('content boundaries cannot be shifted to forge the same hash', () => {
  assert.notEqual(entryHash('x', [file('a', 'bc')]), entryHash('x', [file('ab', 'c')]));
});

test('an entry that refers to itself gets its own final path, hashed modulo that reference', () => {
  const self = selfPath('/store', 'svc');
  const entry = makeEntry('/store', 'svc', [file('run', `#!/bin/sh\nexec ${self}/bin/svc --config ${self}/etc/svc.conf\n`, true)]);
  const content = (entry.files[0] as { content: string }).content;
  assert.equal(content, `#!/bin/sh\nexec ${entry.path}/bin/svc --config ${entry.path}/etc/svc.conf\n`);
  assert.ok(!content.includes(placeholderHash('svc')));
  assert.equal(entry.path, `/store/${entry.hash}-svc`);
  assert.ok(verifyHash('svc', entry.hash, entry.files), 'the entry verifies after the self-reference is substituted');
  const tampered = [file('run', content.replace('--config', '--conf'), true)];
  assert.ok(!verifyHash('svc', entry.hash, tampered));
});

test('the same content gives the same entry whether or not it refers to itself through the placeholder', () => {
  const first = makeEntry('/store', 'svc', [file('a', `${selfPath('/store', 'svc')}/x`)]);
  const second = makeEntry('/store', 'svc', [file('a', `${selfPath('/store', 'svc')}/x`)]);
  assert.deepEqual(first, second);
  const other = makeEntry('/store', 'svc', [file('a', `${selfPath('/store', 'svc')}/y`)]);
  assert.notEqual(first.hash, other.hash);
});

test('entry names and file paths are checked', () => {
  assert.throws(() => makeEntry('/store', 'bad name', []), /invalid store entry name/);
  assert.throws(() => makeEntry('/store', 'ok', [file('../escape', '')]), /invalid file path/);
  assert.throws(() => makeEntry('/store', 'ok', [file('a', ''), file('a', '')]), /given twice/);
});
