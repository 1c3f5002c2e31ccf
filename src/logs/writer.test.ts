import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { InputError } from '../errors.js';
import { LogError } from './errors.js';
import { rotatedPath } from './rotation.js';
import { MAX_PENDING_LINE, openLogWriter, type LogStream } from './writer.js';

const scratch = mkdtempSync(join(tmpdir(), 'procform-writer-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let serial = 0;
const freshLog = (): string => join(scratch, `case${serial++}`, 'app.log');

/** Every file of the log, oldest first, concatenated. */
const readAll = (path: string): string => {
  let oldest = 0;
  while (existsSync(rotatedPath(path, oldest + 1))) oldest++;
  let text = '';
  for (let index = oldest; index >= 0; index--) text += readFileSync(rotatedPath(path, index), 'utf8');
  return text;
};

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed. */
const random = (seed: number): (() => number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** Cuts bytes into chunks of 1 to `max` bytes, at arbitrary positions (inside UTF-8 characters too). */
const cut = (bytes: Buffer, next: () => number, max: number): Buffer[] => {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = 1 + Math.floor(next() * max);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
};

describe('openLogWriter: line integrity', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`keeps every line whole with chunks cut anywhere and streams interleaved (seed ${seed})`, () => {
      const next = random(seed);
      const lineOf = (stream: LogStream, i: number): string => `${stream === 'stdout' ? 'o' : 'e'} ${i} ${'é€x'.repeat(Math.floor(next() * 40))}`;
      const out = Array.from({ length: 2000 }, (_, i) => lineOf('stdout', i));
      const err = Array.from({ length: 700 }, (_, i) => lineOf('stderr', i));
      const maxChunk = [1, 7, 100, 5000][seed % 4] ?? 100;
      const queues: Record<LogStream, Buffer[]> = {
        stdout: cut(Buffer.from(out.map((l) => `${l}\n`).join('')), next, maxChunk),
        stderr: cut(Buffer.from(err.map((l) => `${l}\n`).join('')), next, maxChunk),
      };
      const path = freshLog();
      const writer = openLogWriter({ path, maxBytes: seed % 2 === 0 ? 10_000 : 1 << 30, keep: 1000 });
      const taken: Record<LogStream, number> = { stdout: 0, stderr: 0 };
      const left = (stream: LogStream): boolean => taken[stream] < queues[stream].length;
      while (left('stdout') || left('stderr')) {
        const stream: LogStream = !left('stderr') || (left('stdout') && next() < 0.7) ? 'stdout' : 'stderr';
        writer.write(stream, queues[stream][taken[stream]++] ?? Buffer.alloc(0));
      }
      writer.close();
      const lines = readAll(path).split('\n');
      assert.equal(lines.pop(), '');
      assert.deepEqual(lines.filter((l) => l.startsWith('o ')), out);
      assert.deepEqual(lines.filter((l) => l.startsWith('e ')), err);
      assert.equal(lines.length, out.length + err.length);
    });
  }

  it('holds a partial line back until its newline, however many chunks it takes', () => {
    const path = freshLog();
    const writer = openLogWriter({ path, maxBytes: 1 << 20, keep: 1 });
    writer.write('stdout', Buffer.from('hel'));
    writer.write('stderr', Buffer.from('oops\nwarn'));
    writer.write('stdout', Buffer.from('lo wor'));
    assert.equal(readFileSync(path, 'utf8'), 'oops\n');
    writer.write('stdout', Buffer.from('ld\nnext'));
    assert.equal(readFileSync(path, 'utf8'), 'oops\nhello world\n');
    writer.close();
  });

  it('writes partial lines with a newline on flush, and close flushes', () => {
    const path = freshLog();
    const writer = openLogWriter({ path, maxBytes: 1 << 20, keep: 1 });
    writer.write('stdout', Buffer.from('a\nno newline'));
    writer.write('stderr', Buffer.from('half'));
    writer.flush();
    assert.equal(readFileSync(path, 'utf8'), 'a\nno newline\nhalf\n');
    writer.flush();
    writer.write('stdout', Buffer.from('tail'));
    writer.close();
    writer.close();
    assert.equal(readFileSync(path, 'utf8'), 'a\nno newline\nhalf\ntail\n');
    assert.throws(() => writer.write('stdout', Buffer.from('x\n')), LogError);
  });

  it('does not keep a reference to the caller\'s buffer', () => {
    const path = freshLog();
    const writer = openLogWriter({ path, maxBytes: 1 << 20, keep: 1 });
    const reused = Buffer.from('abc');
    writer.write('stdout', reused);
    reused.write('XYZ');
    writer.write('stdout', Buffer.from('\n'));
    writer.close();
    assert.equal(readFileSync(path, 'utf8'), 'abc\n');
  });

  it('writes a line longer than 64 KiB in pieces rather than holding it forever', () => {
    const path = freshLog();
    const writer = openLogWriter({ path, maxBytes: 1 << 30, keep: 1 });
    const piece = Buffer.alloc(1000, 'x');
    for (let i = 0; i < 100; i++) writer.write('stdout', piece);
    writer.write('stdout', Buffer.from('\n'));
    writer.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.join('').length, 100_000);
    assert.ok(lines.every((line) => line.length <= MAX_PENDING_LINE + piece.length), 'each piece is bounded');
    assert.ok(lines.length >= 2);
  });

  it('appends to an existing log and counts its size toward rotation', () => {
    const path = freshLog();
    openLogWriter({ path, maxBytes: 20, keep: 2 }).close();
    writeFileSync(path, '0123456789abcdef\n');
    const writer = openLogWriter({ path, maxBytes: 20, keep: 2 });
    writer.write('stdout', Buffer.from('next\n'));
    writer.close();
    assert.equal(readFileSync(rotatedPath(path, 1), 'utf8'), '0123456789abcdef\n');
    assert.equal(readFileSync(path, 'utf8'), 'next\n');
  });
});

describe('openLogWriter: rotation', () => {
  const lines = (from: number, to: number, width: number): string =>
    Array.from({ length: to - from }, (_, i) => `${String(from + i).padStart(width - 1, '0')}\n`).join('');

  it('rotates before a file would pass maxBytes, only between lines', () => {
    const path = freshLog();
    const writer = openLogWriter({ path, maxBytes: 100, keep: 100 });
    // 30-byte lines: three fit in 100 bytes, the fourth starts a new file.
    writer.write('stdout', Buffer.from(lines(0, 10, 30)));
    writer.close();
    assert.equal(readFileSync(rotatedPath(path, 3), 'utf8'), lines(0, 3, 30));
    assert.equal(readFileSync(rotatedPath(path, 2), 'utf8'), lines(3, 6, 30));
    assert.equal(readFileSync(rotatedPath(path, 1), 'utf8'), lines(6, 9, 30));
    assert.equal(readFileSync(path, 'utf8'), lines(9, 10, 30));
    assert.equal(existsSync(rotatedPath(path, 4)), false);
  });

  it('fills a file exactly to maxBytes when the lines fit, whatever the chunking', () => {
    const path = freshLog();
    const writer = openLogWriter({ path, maxBytes: 100, keep: 100 });
    const bytes = Buffer.from(lines(0, 35, 10));
    for (let at = 0; at < bytes.length; at += 13) writer.write('stdout', bytes.subarray(at, at + 13));
    writer.close();
    for (const index of [3, 2, 1]) assert.equal(statSync(rotatedPath(path, index)).size, 100);
    assert.equal(readFileSync(path, 'utf8'), lines(30, 35, 10));
    assert.equal(readAll(path), lines(0, 35, 10));
  });

  it('keeps `keep` rotated files and drops the oldest', () => {
    const path = freshLog();
    const writer = openLogWriter({ path, maxBytes: 100, keep: 3 });
    writer.write('stdout', Buffer.from(lines(0, 95, 10)));
    writer.close();
    assert.equal(existsSync(rotatedPath(path, 4)), false);
    assert.equal(readAll(path), lines(60, 95, 10));
    assert.equal(readFileSync(path, 'utf8'), lines(90, 95, 10));
  });

  it('with keep 0 starts the log afresh at each rotation', () => {
    const path = freshLog();
    const writer = openLogWriter({ path, maxBytes: 100, keep: 0 });
    writer.write('stdout', Buffer.from(lines(0, 25, 10)));
    writer.close();
    assert.equal(existsSync(rotatedPath(path, 1)), false);
    assert.equal(readFileSync(path, 'utf8'), lines(20, 25, 10));
  });

  it('gives a line longer than maxBytes a file of its own instead of cutting it', () => {
    const path = freshLog();
    const writer = openLogWriter({ path, maxBytes: 50, keep: 10 });
    const long = `${'L'.repeat(120)}\n`;
    writer.write('stdout', Buffer.from(`short\n${long}after\n`));
    writer.close();
    assert.equal(readFileSync(rotatedPath(path, 2), 'utf8'), 'short\n');
    assert.equal(readFileSync(rotatedPath(path, 1), 'utf8'), long);
    assert.equal(readFileSync(path, 'utf8'), 'after\n');
  });
});

describe('openLogWriter: files', () => {
  it('creates the directory 0750 and the file 0640', () => {
    const path = freshLog();
    const previous = process.umask(0o022);
    try {
      openLogWriter({ path, maxBytes: 10, keep: 1 }).close();
    } finally {
      process.umask(previous);
    }
    assert.equal(statSync(join(path, '..')).mode & 0o777, 0o750);
    assert.equal(statSync(path).mode & 0o777, 0o640);
  });

  it('recreates the directory when it was removed before a rotation', () => {
    const path = freshLog();
    const writer = openLogWriter({ path, maxBytes: 10, keep: 1 });
    writer.write('stdout', Buffer.from('123456789\n'));
    rmSync(join(path, '..'), { recursive: true });
    writer.write('stdout', Buffer.from('after\n'));
    writer.close();
    assert.equal(readFileSync(path, 'utf8'), 'after\n');
  });

  it('refuses nonsensical sizes with an InputError, unwritable places with a LogError', () => {
    assert.throws(() => openLogWriter({ path: freshLog(), maxBytes: 0, keep: 1 }), InputError);
    assert.throws(() => openLogWriter({ path: freshLog(), maxBytes: 10, keep: -1 }), InputError);
    assert.throws(() => openLogWriter({ path: freshLog(), maxBytes: 1.5, keep: 1 }), InputError);
    const file = join(scratch, 'plain-file');
    writeFileSync(file, '');
    assert.throws(() => openLogWriter({ path: join(file, 'x.log'), maxBytes: 10, keep: 1 }), (error: unknown) => error instanceof LogError && error.code === 'LOG');
  });
});
