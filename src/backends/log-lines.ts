/**
 * Log-line readiness for managers that write a process's output to files: the activator
 * follows the files from where they ended before the start and feeds complete new lines
 * to the shared readiness probe.
 * @module
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { LineListener } from '../probes/readiness.js';

/** A log file and the stream its lines count for (`both` when stdout and stderr share it). */
export interface LogSource {
  readonly path: string;
  readonly stream: 'stdout' | 'stderr' | 'both';
  /** Byte offset to read from: the file's size before the process started. */
  readonly offset: number;
}

/** Size of a file, 0 when it does not exist yet. */
export const fileSize = (path: string): number => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

/** Reads what was appended to `source` since `position`; returns the new position. */
const readFrom = (path: string, position: number, onText: (text: string) => void): number => {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return position;
  }
  try {
    const buffer = Buffer.alloc(65536);
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, position);
      if (read <= 0) return position;
      position += read;
      onText(buffer.subarray(0, read).toString('utf8'));
    }
  } finally {
    closeSync(fd);
  }
};

/** A subscription to the complete lines appended to the sources, polled every 100 ms. */
export const followLogLines = (sources: readonly LogSource[]): ((listener: LineListener) => () => void) => (listener) => {
  const state = sources.map((source) => ({ ...source, position: source.offset, partial: '' }));
  const timer = setInterval(() => {
    for (const s of state) {
      // A file shorter than what was read has been rotated or truncated: read the new one from its start.
      if (fileSize(s.path) < s.position) {
        s.position = 0;
        s.partial = '';
      }
      s.position = readFrom(s.path, s.position, (text) => { s.partial += text; });
      const lines = s.partial.split('\n');
      s.partial = lines.pop() ?? '';
      for (const line of lines) {
        if (s.stream !== 'stderr') listener('stdout', line);
        if (s.stream !== 'stdout') listener('stderr', line);
      }
    }
  }, 100);
  return () => clearInterval(timer);
};

/** At most this much of a log is read for its last lines. */
const TAIL_BYTES = 64 * 1024;

/**
 * The lines written to `path` after byte `offset` (at most the last 64 KiB of them), the
 * last one even without its newline; none when the file is missing.
 */
export const linesSince = (path: string, offset: number): string[] => {
  const size = fileSize(path);
  // A file shorter than the offset was rotated since: what it holds is all new.
  const from = Math.max(size < offset ? 0 : offset, size - TAIL_BYTES);
  let text = '';
  readFrom(path, from, (chunk) => { text += chunk; });
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
};

/** How many lines of output a failed start shows. */
const SHOWN_LINES = 5;

/**
 * `reason` followed by the last lines the process wrote since its start (from each source's
 * offset), so a failed switch says what the process said, as `procform status` does.
 * `prefix` matches what the manager's logger puts in front of each line (a timestamp).
 */
export const withLastLines = (reason: string, sources: readonly LogSource[], prefix?: RegExp): string => {
  const lines = sources.flatMap((source) => linesSince(source.path, source.offset))
    .map((line) => (prefix === undefined ? line : line.replace(prefix, '')))
    .filter((line) => line.trim() !== '').slice(-SHOWN_LINES);
  return lines.length === 0 ? reason : `${reason}; its last output: ${lines.map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line)).join(' | ')}`;
};
