import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { treeDigest } from './tree-digest.js';

const tempDir = (t: { after: (fn: () => void) => void }): string => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-digest-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

/** Writes a small app: files in the given order, so creation order can differ between two copies. */
const app = (dir: string, order: readonly string[]): string => {
  const files: Record<string, string> = { 'server.mjs': 'console.log(1)\n', 'lib/a.mjs': 'export const a = 1;\n', 'lib/b.mjs': 'export const b = 2;\n', 'package.json': '{}\n' };
  for (const name of order) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), files[name]!);
  }
  symlinkSync('lib/a.mjs', join(dir, 'current'));
  return dir;
};

test('the same tree gives the same digest wherever it is and whenever it was written', (t) => {
  const root = tempDir(t);
  const a = app(join(root, 'a'), ['server.mjs', 'lib/a.mjs', 'lib/b.mjs', 'package.json']);
  const b = app(join(root, 'b'), ['package.json', 'lib/b.mjs', 'lib/a.mjs', 'server.mjs']);
  utimesSync(join(b, 'server.mjs'), new Date(0), new Date(0));
  assert.deepEqual(treeDigest(a, []), treeDigest(b, []));
  assert.equal(treeDigest(a, []).entries, 6);
  assert.match(treeDigest(a, []).digest, /^sha256:[0-9a-f]{64}$/);
});

test('content, a new file, the executable bit and a link target each change the digest', (t) => {
  const dir = app(tempDir(t), ['server.mjs', 'lib/a.mjs', 'lib/b.mjs', 'package.json']);
  const seen = new Set([treeDigest(dir, []).digest]);
  const changed = (what: string): void => {
    const { digest } = treeDigest(dir, []);
    assert.ok(!seen.has(digest), `${what} changes the digest`);
    seen.add(digest);
  };
  writeFileSync(join(dir, 'server.mjs'), 'console.log(2)\n');
  changed('content');
  writeFileSync(join(dir, 'lib/c.mjs'), '');
  changed('a new empty file');
  chmodSync(join(dir, 'server.mjs'), 0o755);
  changed('the executable bit');
  chmodSync(join(dir, 'server.mjs'), 0o775);
  assert.ok(seen.has(treeDigest(dir, []).digest), 'other mode bits do not count');
  rmSync(join(dir, 'current'));
  symlinkSync('lib/b.mjs', join(dir, 'current'));
  changed('a link target');
});

test('ignored entries do not count; a file digests its content and executable bit', (t) => {
  const dir = app(tempDir(t), ['server.mjs', 'lib/a.mjs', 'lib/b.mjs', 'package.json']);
  const before = treeDigest(dir, ['node_modules', '.git']);
  mkdirSync(join(dir, 'node_modules/x'), { recursive: true });
  writeFileSync(join(dir, 'node_modules/x/index.js'), 'x');
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git/HEAD'), 'ref');
  assert.deepEqual(treeDigest(dir, ['node_modules', '.git']), before);
  assert.notDeepEqual(treeDigest(dir, []), before);
  const file = join(dir, 'server.mjs');
  assert.deepEqual(treeDigest(file, []).entries, 1);
  const plain = treeDigest(file, []).digest;
  chmodSync(file, 0o755);
  assert.notEqual(treeDigest(file, []).digest, plain);
});

test('a path that cannot be read is named in the error', (t) => {
  const dir = tempDir(t);
  assert.throws(() => treeDigest(join(dir, 'missing'), []), new RegExp(`cannot read ${join(dir, 'missing')}: ENOENT`));
});
