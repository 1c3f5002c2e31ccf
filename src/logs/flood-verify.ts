/**
 * Checking a log captured from the flood fixture (test/fixtures/bin/flood.js): every line
 * there exactly once, in order, none cut or glued to another.
 * @module
 */
import { readFileSync } from 'node:fs';
import { logError } from './errors.js';
import { rotatedPath } from './rotation.js';
import { statIfExists } from './rotation.js';

/** What a captured flood log holds. */
export interface FloodCheck {
  /** `line N` lines found in sequence from 0 before any problem. */
  readonly lines: number;
  /** `err N` (stderr) lines found in sequence from 0 before any problem. */
  readonly stderrLines: number;
  /** Total bytes of the log files read. */
  readonly bytes: number;
  /** How many files the log spans, rotated ones included. */
  readonly files: number;
  /** The first thing wrong, or null when the log is intact. */
  readonly problem: string | null;
}

const LINE = Buffer.from('line ');
const ERR = Buffer.from('err ');
const NEWLINE = 0x0a;

/** The number after `prefix` at `start` when the line starts with it, else -1. */
const numberAfter = (buffer: Buffer, start: number, end: number, prefix: Buffer): number => {
  if (end - start <= prefix.length) return -1;
  for (let i = 0; i < prefix.length; i++) if (buffer[start + i] !== prefix[i]) return -1;
  let value = 0;
  let at = start + prefix.length;
  for (; at < end; at++) {
    const digit = (buffer[at] ?? 0) - 0x30;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  return at === start + prefix.length ? -1 : value;
};

const excerpt = (file: string, buffer: Buffer, start: number, end: number): string =>
  `${file} at byte ${start}: ${JSON.stringify(buffer.toString('utf8', start, Math.min(end, start + 80)))}`;

/**
 * Reads the log at `path` and its rotated files, oldest first, and checks that the stdout
 * lines are `line 0`, `line 1`, … all of one length, and the stderr lines `err 0`, `err 1`,
 * …. Byte-level on purpose: it reads hundreds of megabytes.
 */
export const verifyFloodLog = (path: string): FloodCheck => {
  let oldest = 0;
  while (statIfExists(rotatedPath(path, oldest + 1)) !== null) oldest++;
  let lines = 0;
  let stderrLines = 0;
  let bytes = 0;
  let lineLength = -1;
  const result = (problem: string | null): FloodCheck => ({ lines, stderrLines, bytes, files: oldest + 1, problem });
  for (let index = oldest; index >= 0; index--) {
    const file = rotatedPath(path, index);
    let buffer: Buffer;
    try {
      buffer = readFileSync(file);
    } catch (error) {
      throw logError('read', file, error);
    }
    bytes += buffer.length;
    if (buffer.length > 0 && buffer[buffer.length - 1] !== NEWLINE) return result(`${file} does not end with a newline`);
    for (let start = 0; start < buffer.length;) {
      const end = buffer.indexOf(NEWLINE, start);
      const n = numberAfter(buffer, start, end, LINE);
      if (n >= 0) {
        if (n !== lines) return result(`expected line ${lines}, found ${excerpt(file, buffer, start, end)}`);
        if (lineLength < 0) lineLength = end - start;
        else if (end - start !== lineLength) return result(`line ${n} has ${end - start} bytes, not ${lineLength}: ${excerpt(file, buffer, start, end)}`);
        lines++;
      } else {
        const e = numberAfter(buffer, start, end, ERR);
        if (e !== stderrLines) return result(`expected err ${stderrLines}, found ${excerpt(file, buffer, start, end)}`);
        stderrLines++;
      }
      start = end + 1;
    }
  }
  return result(null);
};
