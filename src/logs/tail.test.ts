import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { followLog, readLastLines } from './tail.js';
import { openLogWriter } from './writer.js';

const scratch = mkdtempSync(join(tmpdir(), 'procform-tail-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let serial = 0;
const freshLog = (): string => {
  const dir = join(scratch, `case${serial++}`);
  mkdirSync(dir);
  return join(dir, 'app.log');
};

const numbered = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => `line ${String(from + i).padStart(8, '0')}`);
const text = (lines: readonly string[]): Buffer => Buffer.from(lines.map((l) => `${l}\n`).join(''));

/**
 * Follows `path` until `done` says the lines seen so far are enough, or `ms` pass; returns
 * the lines seen.
 */
const followUntil = async (path: string, lines: number, done: (seen: readonly string[]) => boolean, ms = 15_000): Promise<string[]> => {
  const seen: string[] = [];
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  await followLog(path, { lines, signal: controller.signal, pollMs: 20 }, (line) => {
    seen.push(line);
    if (done(seen)) controller.abort();
  });
  clearTimeout(timer);
  return seen;
};

/** Asserts the lines are exactly `expected`, reporting the first difference briefly. */
const assertExactly = (seen: readonly string[], expected: readonly string[]): void => {
  const first = expected.findIndex((line, i) => seen[i] !== line);
  assert.ok(first < 0 && seen.length === expected.length, `saw ${seen.length} of ${expected.length} lines; first difference at ${first}: ${JSON.stringify(seen[first])} instead of ${JSON.stringify(expected[first])}`);
};

describe('readLastLines', () => {
  it('returns the last n lines, oldest first', () => {
    const path = freshLog();
    writeFileSync(path, text(numbered(0, 100)));
    assert.deepEqual(readLastLines(path, 3), numbered(97, 100));
    assert.deepEqual(readLastLines(path, 1000), numbered(0, 100));
    assert.deepEqual(readLastLines(path, 0), []);
  });

  it('counts an unfinished last line, and handles empty and absent logs', () => {
    const path = freshLog();
    writeFileSync(path, 'a\nb\nhalf');
    assert.deepEqual(readLastLines(path, 2), ['b', 'half']);
    writeFileSync(path, '');
    assert.deepEqual(readLastLines(path, 5), []);
    assert.deepEqual(readLastLines(join(scratch, 'nothing.log'), 5), []);
    writeFileSync(path, '\n\n');
    assert.deepEqual(readLastLines(path, 5), ['', '']);
  });

  it('reads lines longer than its block, and UTF-8 cut at block boundaries', () => {
    const path = freshLog();
    const long = ['é'.repeat(70_000), `x${'€'.repeat(50_000)}`, 'short', '€'.repeat(100_001)];
    writeFileSync(path, text(long));
    assert.deepEqual(readLastLines(path, 3), long.slice(1));
    assert.deepEqual(readLastLines(path, 4), long);
  });

  it('continues into the rotated files when the live one has too few lines', () => {
    const path = freshLog();
    const writer = openLogWriter({ path, maxBytes: 140, keep: 5 });
    writer.write('stdout', text(numbered(0, 45))); // 14-byte lines: 10 a file, 5 in the live one
    writer.close();
    assert.deepEqual(readLastLines(path, 3), numbered(42, 45));
    assert.deepEqual(readLastLines(path, 23), numbered(22, 45));
    assert.deepEqual(readLastLines(path, 1000), numbered(0, 45));
  });

  it('does not read the whole of a huge file', () => {
    const path = freshLog();
    writeFileSync(path, '');
    truncateSync(path, 4 * 1024 ** 3); // sparse: 4 GiB that cost nothing to make
    appendFileSync(path, '\nsecond to last\nlast\n');
    const started = performance.now();
    assert.deepEqual(readLastLines(path, 2), ['second to last', 'last']);
    assert.ok(performance.now() - started < 200, 'read backwards from the end');
  });
});

describe('followLog', () => {
  it('shows the last lines, then new complete lines, and ends when aborted', async () => {
    const path = freshLog();
    const writer = openLogWriter({ path, maxBytes: 1 << 20, keep: 1 });
    writer.write('stdout', Buffer.from('old 1\nold 2\nold 3\nunfinished '));
    const seen = followUntil(path, 2, (s) => s.at(-1) === 'new 2');
    await sleep(50);
    writer.write('stdout', Buffer.from('line\nnew 1\n'));
    await sleep(30);
    writer.write('stderr', Buffer.from('new 2\n'));
    assert.deepEqual(await seen, ['old 2', 'old 3', 'unfinished line', 'new 1', 'new 2']);
    writer.close();
  });

  it('waits for a log that does not exist yet', async () => {
    const path = freshLog();
    const seen = followUntil(path, 10, (s) => s.length === 2);
    await sleep(50);
    const writer = openLogWriter({ path, maxBytes: 1 << 20, keep: 1 });
    writer.write('stdout', Buffer.from('first\nsecond\n'));
    writer.close();
    assert.deepEqual(await seen, ['first', 'second']);
  });

  it('sees every line exactly once across many rotations while the writer writes', async () => {
    const path = freshLog();
    const writer = openLogWriter({ path, maxBytes: 2000, keep: 1000 });
    writer.write('stdout', text(numbered(0, 250))); // before following: history spans files
    const total = 30_000;
    // A generous deadline: on a loaded machine the follower is slow, never wrong.
    const seen = followUntil(path, 100, (s) => s.length === total - 150, 60_000);
    let next = 250;
    for (let round = 0; next < total; round++) {
      // Mostly small batches, now and then several rotations' worth at once, so that the
      // follower finds both one and many rotations between two looks.
      const count = Math.min(total - next, round % 10 === 0 ? 2000 : 1 + (round * 37) % 300);
      const bytes = text(numbered(next, next + count));
      for (let at = 0; at < bytes.length; at += 1000) writer.write(round % 2 === 0 ? 'stdout' : 'stderr', bytes.subarray(at, at + 1000));
      next += count;
      await sleep(round % 3);
    }
    writer.close();
    assertExactly(await seen, numbered(150, total));
  });

  it('sees every line exactly once when another process writes and rotates', async () => {
    const path = freshLog();
    const total = 400_000;
    const writerModule = join(dirname(fileURLToPath(import.meta.url)), 'writer.ts');
    const script = `
      import { openLogWriter } from ${JSON.stringify(writerModule)};
      const writer = openLogWriter({ path: ${JSON.stringify(path)}, maxBytes: 500_000, keep: 1000 });
      const line = (n) => 'line ' + String(n).padStart(8, '0') + '\\n';
      for (let n = 0; n < ${total};) {
        let chunk = '';
        for (const end = Math.min(${total}, n + 3000); n < end; n++) chunk += line(n);
        writer.write('stdout', Buffer.from(chunk));
        if (n % 30000 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      writer.close();`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'inherit', 'inherit'] });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const seen = await followUntil(path, 0, (s) => s.length === total, 60_000);
    assert.equal(await exited, 0);
    assertExactly(seen, numbered(0, total));
  });

  it('when it falls behind more than `keep` rotations, resumes in order without repeating', async () => {
    const path = freshLog();
    const writer = openLogWriter({ path, maxBytes: 1400, keep: 2 });
    writer.write('stdout', text(numbered(0, 10)));
    const seen = followUntil(path, 0, (s) => s.at(-1) === numbered(999, 1000)[0]);
    await sleep(50);
    writer.write('stdout', text(numbered(10, 1000))); // ten rotations in one go
    writer.close();
    // The held file is read to its end (its descriptor outlives the name), then what survives.
    assertExactly(await seen, [...numbered(10, 100), ...numbered(700, 1000)]);
  });

  it('starts over when the log is truncated in place', async () => {
    const path = freshLog();
    writeFileSync(path, text(numbered(0, 100)));
    const seen = followUntil(path, 0, (s) => s.at(-1) === 'after');
    await sleep(50);
    writeFileSync(path, 'after\n');
    assert.deepEqual(await seen, ['after']);
  });

  it('rejects with what onLine throws', async () => {
    const path = freshLog();
    writeFileSync(path, 'a\n');
    await assert.rejects(
      followLog(path, { lines: 1, signal: new AbortController().signal }, () => { throw new Error('consumer failed'); }),
      /consumer failed/,
    );
  });
});
