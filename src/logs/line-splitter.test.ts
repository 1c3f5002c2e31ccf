import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineSplitter } from './line-splitter.js';

const run = (splitter: LineSplitter, chunks: string[]): string[] => {
  const lines: string[] = [];
  for (const chunk of chunks) splitter.push(Buffer.from(chunk), (line) => lines.push(line));
  return lines;
};

describe('LineSplitter', () => {
  it('emits complete lines and keeps the unfinished one', () => {
    const splitter = new LineSplitter();
    assert.deepEqual(run(splitter, ['a\nb', 'c', '\n\nd']), ['a', 'bc', '']);
    const rest: string[] = [];
    splitter.end((line) => rest.push(line));
    splitter.end((line) => rest.push(line));
    assert.deepEqual(rest, ['d']);
  });

  it('emits an unfinished line once it is longer than the limit', () => {
    const splitter = new LineSplitter(4);
    assert.deepEqual(run(splitter, ['ab', 'cd', 'e', 'f\n']), ['abcde', 'f']);
  });

  it('copies what it keeps, so the caller may reuse its buffer', () => {
    const splitter = new LineSplitter();
    const lines: string[] = [];
    const buffer = Buffer.from('xyz');
    splitter.push(buffer, (line) => lines.push(line));
    buffer.write('\n\n\n');
    splitter.push(Buffer.from('!\n'), (line) => lines.push(line));
    assert.deepEqual(lines, ['xyz!']);
  });
});
