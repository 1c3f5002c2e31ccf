import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSize, followLogLines, withLastLines } from './log-lines.js';

const until = async (check: () => boolean): Promise<void> => {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

test('followLogLines delivers whole new lines only, and starts over in a rotated file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-loglines-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'out.log');
  writeFileSync(path, 'old line before the start\n');
  const seen: string[] = [];
  const stop = followLogLines([{ path, stream: 'stdout', offset: fileSize(path) }])((stream, line) => seen.push(`${stream}:${line}`));
  t.after(stop);

  appendFileSync(path, 'first\nhalf');
  await until(() => seen.length === 1);
  appendFileSync(path, ' done\n');
  await until(() => seen.length === 2);
  // Rotation: the file is replaced by a shorter one.
  writeFileSync(path, 'after rotation\n');
  await until(() => seen.length === 3);
  assert.deepEqual(seen, ['stdout:first', 'stdout:half done', 'stdout:after rotation']);
});

test('withLastLines adds what the process wrote since its start', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-lastlines-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'out.log');
  writeFileSync(log, 'before the start\nfatal: unknown user\n\nlast words');
  assert.equal(withLastLines('exited', [{ path: log, stream: 'both', offset: 'before the start\n'.length }]), 'exited; its last output: fatal: unknown user | last words');
  assert.equal(withLastLines('exited', [{ path: join(dir, 'missing.log'), stream: 'both', offset: 0 }]), 'exited');
});
