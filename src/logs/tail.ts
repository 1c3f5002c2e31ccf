/**
 * Reading a process log: its last lines (`procform logs NAME`), and following it as it
 * grows and rotates (`procform logs NAME -f`).
 * @module
 */
import { closeSync, fstatSync, readSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { LogError, logError } from './errors.js';
import { endOfLastLine, lastLinesOfFd } from './last-lines.js';
import { LineSplitter } from './line-splitter.js';
import { filesAfter, openIfExists, rotatedPath, sameFile, statIfExists, type OpenLog } from './rotation.js';

/** How to follow a log. */
export interface FollowOptions {
  /** How many existing lines to show before following. */
  readonly lines: number;
  /** Following ends when this fires. */
  readonly signal: AbortSignal;
  /**
   * Longest wait between looks at the file, in milliseconds (default 200). File-system
   * events usually wake the follower sooner; the interval covers file systems without them.
   */
  readonly pollMs?: number;
}

/**
 * The last `n` lines of `live` (read up to `liveEnd`), continued into `.1`, `.2`, … while
 * that is not enough; oldest first. A rotated file that is `live` itself (a rotation
 * happened since it was opened) is skipped so that no line is shown twice.
 */
const linesBefore = (path: string, n: number, live: OpenLog | null, liveEnd: number): string[] => {
  const parts: string[][] = [];
  let missing = n;
  if (live !== null) {
    const lines = lastLinesOfFd(live.fd, liveEnd, missing);
    parts.push(lines);
    missing -= lines.length;
  }
  for (let index = 1; missing > 0; index++) {
    const file = openIfExists(rotatedPath(path, index));
    if (file === null) break;
    try {
      if (live !== null && sameFile(file, live)) continue;
      const lines = lastLinesOfFd(file.fd, fstatSync(file.fd).size, missing);
      parts.push(lines);
      missing -= lines.length;
    } finally {
      closeSync(file.fd);
    }
  }
  return parts.reverse().flat();
};

const asLogError = (doing: string, path: string, error: unknown): LogError =>
  error instanceof LogError ? error : logError(doing, path, error);

/**
 * The last `n` lines of the log at `path`, oldest first, without newlines; when the live
 * file has fewer, the rest come from the rotated files `.1`, `.2`, …. Reads backwards in
 * blocks, so the size of the log does not matter. An absent log has no lines.
 */
export const readLastLines = (path: string, n: number): string[] => {
  try {
    const live = openIfExists(path);
    try {
      return linesBefore(path, n, live, live === null ? 0 : fstatSync(live.fd).size);
    } finally {
      if (live !== null) closeSync(live.fd);
    }
  } catch (error) {
    throw asLogError('read', path, error);
  }
};

/** A file being read, and how far. */
interface Reading extends OpenLog {
  pos: number;
}

/** Bytes read per look before yielding, so that a flooding writer cannot starve the abort. */
const MAX_READ_PER_LOOK = 16 * 1024 * 1024;

class Follower {
  private current: Reading | null = null;
  /** Files of a rotation not yet read, oldest first. */
  private queue: Reading[] = [];
  private readonly splitter = new LineSplitter();
  private readonly buffer = Buffer.allocUnsafe(256 * 1024);
  private watcher: FSWatcher | null = null;
  /** Set when there may be more to read right away: an event came, or a look stopped early. */
  private dirty = false;
  private wake: (() => void) | null = null;

  constructor(private readonly path: string, private readonly onLine: (text: string) => void) {}

  /**
   * Shows the last lines and positions the follower after the last complete line, so that
   * a line being written right now is shown once, whole, when it is finished.
   */
  start(lines: number): void {
    const live = openIfExists(this.path);
    const end = live === null ? 0 : endOfLastLine(live.fd, fstatSync(live.fd).size);
    if (live !== null) this.current = { ...live, pos: end };
    for (const line of linesBefore(this.path, lines, live, end)) this.onLine(line);
  }

  async run(signal: AbortSignal, pollMs: number): Promise<void> {
    this.watch();
    while (!signal.aborted) {
      this.dirty = false;
      this.look();
      if (this.dirty) await new Promise((resolve) => setImmediate(resolve));
      else await this.sleep(signal, pollMs);
    }
  }

  close(): void {
    this.watcher?.close();
    for (const file of [...this.queue, ...(this.current === null ? [] : [this.current])]) closeSync(file.fd);
    this.queue = [];
    this.current = null;
  }

  private watch(): void {
    const name = basename(this.path);
    try {
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, file) => {
        if (file !== null && !file.startsWith(name)) return;
        this.dirty = true;
        this.wake?.();
      });
      // Events only make the follower faster; polling alone is still correct.
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      this.watcher = null;
    }
  }

  private sleep(signal: AbortSignal, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      this.wake = done;
    });
  }

  /** Reads what is new, and moves on to newer files when the log was rotated. */
  private look(): void {
    if (this.queue.length === 0 && this.current === null) {
      const live = openIfExists(this.path);
      if (live === null) return;
      this.current = { ...live, pos: 0 };
    }
    // Files of an earlier rotation come first; the writer closed them before renaming
    // them, so they are complete and read to the end.
    while (this.queue.length > 0) {
      if (!this.readOn(this.current)) return;
      this.finishCurrent();
      this.current = this.queue.shift() ?? null;
    }
    const current = this.current;
    if (current === null || !this.readOn(current)) return;
    const now = statIfExists(this.path);
    // No live file: between the writer's rename and create, or removed; keep the held one.
    if (now === null) return;
    if (sameFile(now, current)) {
      if (now.size < current.pos) {
        // Truncated in place (copytruncate): start over at its beginning.
        this.splitter.end(this.onLine);
        current.pos = 0;
        this.dirty = true;
      }
      return;
    }
    const newer = filesAfter(this.path, current);
    // Mid-rotation: the next event or poll looks again.
    if (newer === null) return;
    this.queue = newer.map((file) => ({ ...file, pos: 0 }));
    this.dirty = true;
  }

  /** Reads `file` to its end, or a bounded amount of it; false when it stopped early. */
  private readOn(file: Reading | null): boolean {
    if (file === null) return true;
    for (let read = 0; read < MAX_READ_PER_LOOK;) {
      const got = readSync(file.fd, this.buffer, 0, this.buffer.length, file.pos);
      if (got === 0) return true;
      file.pos += got;
      read += got;
      this.splitter.push(this.buffer.subarray(0, got), this.onLine);
    }
    this.dirty = true;
    return false;
  }

  /** Closes the file being read; an unfinished last line in it will never be finished. */
  private finishCurrent(): void {
    this.splitter.end(this.onLine);
    if (this.current !== null) closeSync(this.current.fd);
    this.current = null;
  }
}

/**
 * Calls `onLine` with the last `lines` lines of the log at `path`, then with every new
 * complete line until `signal` fires, across rotations: a rotated file is read to its end
 * before the next one, so no line is lost or shown twice. Lines are lost only when the
 * follower falls more than `keep` rotations behind and the files are already gone. An
 * absent log is waited for. Rejects with a {@link LogError} when the log cannot be read, or
 * with whatever `onLine` throws.
 */
export const followLog = async (
  path: string,
  options: FollowOptions,
  onLine: (text: string) => void,
): Promise<void> => {
  const follower = new Follower(path, onLine);
  try {
    follower.start(options.lines);
    await follower.run(options.signal, options.pollMs ?? 200);
  } catch (error) {
    throw asLogError('follow', path, error);
  } finally {
    follower.close();
  }
};
