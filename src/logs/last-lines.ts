/**
 * Reading the end of a log file backwards, a block at a time, so that the last lines of a
 * multi-gigabyte log cost a few reads rather than a scan of the whole file.
 * @module
 */
import { readSync } from 'node:fs';

const NEWLINE = 0x0a;
const BLOCK = 64 * 1024;

/** Reads exactly `length` bytes at `position`, fewer only at the end of the file. */
const readAt = (fd: number, position: number, length: number): Buffer => {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const got = readSync(fd, buffer, filled, length - filled, position + filled);
    if (got === 0) break;
    filled += got;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
};

/**
 * The offset just past the last newline among the first `end` bytes of an open file, 0 when
 * there is none. A follower starts there, so that a line still being written is read whole
 * later instead of in two halves now.
 */
export const endOfLastLine = (fd: number, end: number): number => {
  for (let position = end; position > 0;) {
    const size = Math.min(BLOCK, position);
    position -= size;
    const at = readAt(fd, position, size).lastIndexOf(NEWLINE);
    if (at >= 0) return position + at + 1;
  }
  return 0;
};

/**
 * The last `n` lines among the first `end` bytes of an open file, oldest first, without
 * their newlines. Bytes after the last newline count as a line, as `tail` counts them.
 */
export const lastLinesOfFd = (fd: number, end: number, n: number): string[] => {
  if (n <= 0 || end <= 0) return [];
  const blocks: Buffer[] = [];
  let position = end;
  let start = 0;
  // The n-th line from the end starts after the (n+1)-th newline from the end, or after
  // the n-th when the data ends in an unfinished line.
  let wanted = 0;
  search: while (position > 0) {
    const size = Math.min(BLOCK, position);
    position -= size;
    const block = readAt(fd, position, size);
    blocks.push(block);
    if (wanted === 0) wanted = block[block.length - 1] === NEWLINE ? n + 1 : n;
    for (let from = block.length - 1; from >= 0;) {
      const at = block.lastIndexOf(NEWLINE, from);
      if (at < 0) break;
      if (--wanted === 0) {
        start = position + at + 1;
        break search;
      }
      from = at - 1;
    }
  }
  const text = Buffer.concat(blocks.reverse()).toString('utf8', start - position);
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines;
};
