/**
 * The per-process log file: both output streams of a process go into one file, line by
 * line, with size-based rotation.
 *
 * This is the hot path of output capture, so a chunk is never split into lines in JS: only
 * its first and last newline are looked up, and everything between goes to the file in one
 * `writeSync` of the chunk's own bytes. A stream's unfinished last line is held back until
 * its newline arrives, which is what keeps a stderr chunk from landing inside a stdout line.
 * @module
 */
import { makeDir } from '../system/private-dir.js';
import { closeSync, constants, fstatSync, openSync, renameSync, unlinkSync, writeSync, writevSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../errors.js';
import { errnoCode, LogError, logError } from './errors.js';
import { rotatedPath } from './rotation.js';

/** Which output stream of a process a chunk came from. */
export type LogStream = 'stdout' | 'stderr';

/** Where a log goes and how it is rotated. */
export interface LogWriterOptions {
  /** The live log file, e.g. `${logDir}/web.log`; rotated files get `.1`, `.2`, … appended. */
  readonly path: string;
  /** A file is rotated before a line would take it past this many bytes. */
  readonly maxBytes: number;
  /** How many rotated files to keep; 0 discards the log at each rotation. */
  readonly keep: number;
}

/** Rotation settings for callers that have none of their own: 10 MiB, 5 rotated files. */
export const LOG_ROTATION_DEFAULTS = { maxBytes: 10 * 1024 * 1024, keep: 5 } as const;

/**
 * Longest unfinished line held back per stream. Beyond it the line is written with a
 * newline of its own: a process printing without newlines must not grow memory forever.
 */
export const MAX_PENDING_LINE = 64 * 1024;

/** An open log file. Every method throws a {@link LogError} when the file cannot be written. */
export interface LogWriter {
  /** The live log file. */
  readonly path: string;
  /** Appends a chunk of one stream's output; a trailing partial line waits for its newline. */
  write(stream: LogStream, chunk: Buffer): void;
  /** Writes the partial lines held back, each ended with a newline; call it when the process exits. */
  flush(): void;
  /** Flushes, then closes the file. Later calls do nothing; a later `write` throws. */
  close(): void;
}

/** `'a'`, without following a link. */
const APPEND = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;

const linkError = (path: string, cause: unknown): LogError =>
  new LogError(`cannot open ${path}: it is a symbolic link, which procform does not follow for a log`, path, { cause });

const NEWLINE = 0x0a;
const NEWLINE_BUFFER = Buffer.from('\n');

/** A stream's unfinished line, as the pieces it arrived in. */
interface Pending {
  parts: Buffer[];
  bytes: number;
}

class FileLogWriter implements LogWriter {
  private fd: number;
  private size: number;
  private closed = false;
  private readonly pending: Record<LogStream, Pending> = { stdout: { parts: [], bytes: 0 }, stderr: { parts: [], bytes: 0 } };

  constructor(readonly path: string, private readonly maxBytes: number, private readonly keep: number) {
    this.fd = this.open();
    this.size = this.sizeOfOpenFile();
  }

  write(stream: LogStream, chunk: Buffer): void {
    if (this.closed) throw new LogError(`cannot write to ${this.path}: the log is closed`, this.path);
    if (chunk.length === 0) return;
    const pending = this.pending[stream];
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < 0) {
      this.hold(pending, chunk);
      return;
    }
    if (pending.bytes === 0) {
      this.writeRun(chunk.subarray(0, last + 1));
    } else {
      const first = chunk.indexOf(NEWLINE);
      const completed = this.take(pending, chunk.subarray(0, first + 1));
      if (first === last) this.writeRun(completed);
      else this.writeRuns(completed, chunk.subarray(first + 1, last + 1));
    }
    if (last + 1 < chunk.length) this.hold(pending, chunk.subarray(last + 1));
  }

  flush(): void {
    for (const pending of Object.values(this.pending)) {
      if (pending.bytes > 0) this.writeRun(this.take(pending, NEWLINE_BUFFER));
    }
  }

  close(): void {
    if (this.closed) return;
    try {
      this.flush();
    } finally {
      this.closed = true;
      closeSync(this.fd);
    }
  }

  /** Copies the piece (the caller may reuse its buffer, and a small tail must not pin a large chunk). */
  private hold(pending: Pending, piece: Buffer): void {
    pending.parts.push(Buffer.from(piece));
    pending.bytes += piece.length;
    if (pending.bytes > MAX_PENDING_LINE) this.writeRun(this.take(pending, NEWLINE_BUFFER));
  }

  /** The held-back line completed by `end`, which must end with a newline; empties `pending`. */
  private take(pending: Pending, end: Buffer): Buffer {
    pending.parts.push(end);
    const line = Buffer.concat(pending.parts, pending.bytes + end.length);
    pending.parts = [];
    pending.bytes = 0;
    return line;
  }

  /** Two runs of whole lines, in one system call when no rotation falls between them. */
  private writeRuns(first: Buffer, second: Buffer): void {
    if (this.size + first.length + second.length > this.maxBytes) {
      this.writeRun(first);
      this.writeRun(second);
      return;
    }
    const total = first.length + second.length;
    let written: number;
    try {
      written = writevSync(this.fd, [first, second]);
    } catch (error) {
      throw logError('write', this.path, error);
    }
    this.size += written;
    // A short write to a regular file is rare (a full disk); finish it piece by piece.
    if (written < total) {
      if (written < first.length) this.append(first.subarray(written));
      this.append(second.subarray(Math.max(0, written - first.length)));
    }
  }

  /**
   * Writes whole lines, rotating between lines so that no file grows past `maxBytes`. Only
   * a single line longer than `maxBytes` overshoots, and it gets a file of its own rather
   * than being cut.
   */
  private writeRun(run: Buffer): void {
    let rest = run;
    while (rest.length > 0) {
      const room = this.maxBytes - this.size;
      if (rest.length <= room) {
        this.append(rest);
        return;
      }
      const cut = room > 0 ? rest.lastIndexOf(NEWLINE, room - 1) : -1;
      if (cut >= 0) {
        this.append(rest.subarray(0, cut + 1));
        rest = rest.subarray(cut + 1);
        this.rotate();
      } else if (this.size > 0) {
        this.rotate();
      } else {
        const end = rest.indexOf(NEWLINE) + 1;
        this.append(rest.subarray(0, end));
        rest = rest.subarray(end);
      }
    }
  }

  private append(bytes: Buffer): void {
    let offset = 0;
    try {
      while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      throw logError('write', this.path, error);
    } finally {
      this.size += offset;
    }
  }

  /**
   * Shifts `path` → `.1` → `.2` … and starts a new file. The old file is closed before it is
   * renamed, so a reader that finds it rotated knows it is complete. Renaming onto `.keep`
   * is what drops the oldest file.
   */
  private rotate(): void {
    try {
      closeSync(this.fd);
      if (this.keep === 0) ignoreMissing(() => unlinkSync(this.path));
      for (let index = this.keep; index >= 1; index--) {
        ignoreMissing(() => renameSync(rotatedPath(this.path, index - 1), rotatedPath(this.path, index)));
      }
    } catch (error) {
      this.fd = this.open();
      this.size = this.sizeOfOpenFile();
      throw logError('rotate', this.path, error);
    }
    this.fd = this.open();
    this.size = 0;
  }

  /**
   * Opens for appending, creating the directory when it is missing (also when it was removed
   * since). A link in the log's place is never followed: through one planted by another
   * user, root would append a process's output to any file.
   */
  private open(): number {
    try {
      return openSync(this.path, APPEND, 0o640);
    } catch (error) {
      if (errnoCode(error) === 'ELOOP') throw linkError(this.path, error);
      if (errnoCode(error) !== 'ENOENT') throw logError('open', this.path, error);
    }
    try {
      makeDir(dirname(this.path), 0o750);
      return openSync(this.path, APPEND, 0o640);
    } catch (error) {
      throw errnoCode(error) === 'ELOOP' ? linkError(this.path, error) : logError('create', this.path, error);
    }
  }

  private sizeOfOpenFile(): number {
    try {
      return fstatSync(this.fd).size;
    } catch (error) {
      throw logError('inspect', this.path, error);
    }
  }
}

/** Runs an fs call whose target may legitimately be absent, such as a rotated file not yet made. */
const ignoreMissing = (call: () => void): void => {
  try {
    call();
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
  }
};

/**
 * Opens (appending to) or creates the log file at `path`, mode 0640, and its directory,
 * mode 0750, when missing. Throws an `InputError` for nonsensical sizes and a
 * {@link LogError} when the file cannot be opened.
 */
export const openLogWriter = ({ path, maxBytes, keep }: LogWriterOptions): LogWriter => {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new InputError(`log size limit must be a positive whole number of bytes, not ${maxBytes}`);
  if (!Number.isSafeInteger(keep) || keep < 0) throw new InputError(`number of rotated logs to keep must be a whole number ≥ 0, not ${keep}`);
  return new FileLogWriter(path, maxBytes, keep);
};
