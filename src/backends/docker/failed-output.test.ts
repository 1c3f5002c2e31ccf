import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capFile, FAILED_LOG_BYTES, failedLogPath, quotedEnd } from './failed-output.js';

test('a failed container\'s output is kept under the log dir, one file per container', () => {
  assert.equal(failedLogPath('/srv/log', 'web-nginx'), '/srv/log/procform/docker/web-nginx.failed.log');
});

test('a long output keeps the header and the newest lines up to the cap, cut at a line start', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-failed-output-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'x.failed.log');
  const header = '# procform: header one\n# procform: header two\n';
  const lines = Array.from({ length: 60_000 }, (_, i) => `line ${String(i).padStart(6, '0')} ${'x'.repeat(30)}`);
  writeFileSync(path, `${header}${lines.join('\n')}\n`);
  const start = capFile(path, Buffer.byteLength(header));
  const text = readFileSync(path, 'utf8');
  assert.ok(text.startsWith(header));
  const note = /^# procform: (\d+) earlier bytes left out\n/.exec(text.slice(header.length));
  assert.ok(note, 'a note says what was left out');
  assert.equal(start, header.length + note[0].length);
  const kept = text.slice(start);
  assert.ok(Buffer.byteLength(kept) <= FAILED_LOG_BYTES);
  assert.ok(kept.endsWith(`${lines.at(-1)}\n`), 'the newest line is kept');
  assert.match(kept, /^line \d{6} x{30}\n/, 'the kept part starts with a whole line');
  assert.equal(Number(note[1]) + Buffer.byteLength(kept), Buffer.byteLength(lines.join('\n')) + 1, 'the note counts exactly what was cut');
  assert.deepEqual(quotedEnd(path, start), lines.slice(-3).map((l) => JSON.stringify(l)));
});

test('a short output is left whole; the quote never shows the header', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-failed-output-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'x.failed.log');
  const header = '# procform: header\n';
  writeFileSync(path, `${header}only line\n`);
  const before = statSync(path).size;
  assert.equal(capFile(path, header.length), header.length);
  assert.equal(statSync(path).size, before);
  assert.deepEqual(quotedEnd(path, header.length), ['"only line"']);
  writeFileSync(path, header);
  assert.deepEqual(quotedEnd(path, header.length), []);
  writeFileSync(path, `${header}tab\tand "quotes" ${'y'.repeat(300)}`);
  assert.deepEqual(quotedEnd(path, header.length), [JSON.stringify(`tab\tand "quotes" ${'y'.repeat(300)}`.slice(0, 200) + '…')]);
});
