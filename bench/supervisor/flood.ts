// The 200 MB flood: test/fixtures/bin/flood.js writes numbered 50-byte lines as fast as it
// can; the supervisor captures them into its log. Here: following the log files while
// they fill (keeping every rotated file, even one the supervisor's retention deletes),
// timing until all bytes are there, and checking every line arrived intact and in order.
import { closeSync, linkSync, mkdirSync, openSync, readdirSync, readSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyFloodLog } from '../../src/logs/flood-verify.js';
import { isLive } from './proc.js';
import { sleep } from './poll.js';

export const FLOOD_SCRIPT = fileURLToPath(new URL('../../test/fixtures/bin/flood.js', import.meta.url));
export const LINE_BYTES = 50;
/** How often the log is looked at during a flood: often enough, without taking a core from the two busy processes. */
const POLL_MS = 5;

/** How one supervisor captured the flood. */
export interface FloodResult {
  /** From the trigger (start request) until every byte is in the log files; null if they never all got there. */
  readonly triggerToLogMs: number | null;
  /** From the flood process first being seen under the supervisor until every byte is in the log. */
  readonly startToLogMs: number | null;
  /** Lines found intact and in order. */
  readonly lines: number;
  readonly bytes: number;
  readonly files: number;
  readonly intact: boolean;
  readonly problem: string | null;
  /** Anything else worth saying (e.g. what the supervisor's own retention keeps). */
  readonly note: string;
}

const errno = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/**
 * Keeps a hard link to every file `list()` names (each inode once), so that rotation
 * renaming or deleting files cannot lose track of any byte, and sums their sizes.
 */
export class LogTracker {
  readonly #segments = new Map<number, string>();
  #counter = 0;

  constructor(private readonly keepDir: string, private readonly list: () => string[]) {
    mkdirSync(keepDir, { recursive: true });
  }

  /** Links the files not seen yet. */
  poll(): void {
    for (const path of this.list()) {
      let ino: number;
      try {
        ino = statSync(path).ino;
      } catch (error) {
        if (errno(error) === 'ENOENT') continue;
        throw error;
      }
      if (this.#segments.has(ino)) continue;
      const temp = join(this.keepDir, `new-${this.#counter++}`);
      try {
        linkSync(path, temp);
      } catch (error) {
        if (errno(error) === 'ENOENT') continue;
        throw error;
      }
      // The name may have moved on to another inode between the stat and the link.
      const linked = statSync(temp).ino;
      if (this.#segments.has(linked)) {
        unlinkSync(temp);
        continue;
      }
      const keep = join(this.keepDir, `seg-${linked}`);
      renameSync(temp, keep);
      this.#segments.set(linked, keep);
    }
  }

  /** Bytes in all the files seen so far. */
  bytes(): number {
    let total = 0;
    for (const path of this.#segments.values()) total += statSync(path).size;
    return total;
  }

  /** The non-empty files, in the order of their first line's number. */
  ordered(): string[] {
    const keyed = [...this.#segments.values()].flatMap((path) => {
      const fd = openSync(path, 'r');
      const head = Buffer.alloc(16);
      const n = readSync(fd, head, 0, head.length, 0);
      closeSync(fd);
      if (n === 0) return [];
      const match = /^line (\d{10})/.exec(head.toString('latin1', 0, n));
      return [{ path, key: match ? Number(match[1]) : Number.POSITIVE_INFINITY }];
    });
    return keyed.sort((a, b) => a.key - b.key).map((k) => k.path);
  }
}

/** Files in `dir` named `base` or `base.N` (procform's and logrotate-style rotation). */
export const rotatedFiles = (dir: string, base: string): (() => string[]) => () => {
  try {
    return readdirSync(dir).filter((name) => name === base || (name.startsWith(`${base}.`) && /^\d+$/.test(name.slice(base.length + 1)))).map((name) => join(dir, name));
  } catch {
    return [];
  }
};

/** s6-log's and svlogd's files: `current` and the archived `@….s`/`@….u`. */
export const multilogFiles = (dir: string): (() => string[]) => () => {
  try {
    return readdirSync(dir).filter((name) => name === 'current' || name.startsWith('@')).map((name) => join(dir, name));
  } catch {
    return [];
  }
};

/** Checks files holding one flood, oldest first, with the project's own checker. */
export const verifySegments = (segments: readonly string[], checkDir: string): ReturnType<typeof verifyFloodLog> => {
  mkdirSync(checkDir, { recursive: true });
  const path = join(checkDir, 'flood.log');
  // verifyFloodLog reads path.N (oldest) … path.1, path.
  segments.forEach((segment, i) => {
    const index = segments.length - 1 - i;
    linkSync(segment, index === 0 ? path : `${path}.${index}`);
  });
  if (segments.length === 0) return { lines: 0, stderrLines: 0, bytes: 0, files: 0, problem: 'the log is empty' };
  return verifyFloodLog(path);
};

/** How to drive one flood through a supervisor. */
export interface FloodWatch {
  /** Asks the supervisor to start the flood process; may resolve later (e.g. a CLI). */
  readonly trigger: () => unknown;
  /** The flood process's pid once it runs under the supervisor, else null. */
  readonly findFlood: () => number | null;
  readonly tracker: LogTracker;
  readonly lines: number;
  /** Give up after this long. */
  readonly timeoutMs: number;
  readonly checkDir: string;
  readonly note?: () => string;
}

/**
 * Triggers the flood, follows the log until it holds every byte (or stops growing after
 * the flood process ended, or the deadline passes), then checks every line.
 */
export const watchFlood = async (watch: FloodWatch): Promise<FloodResult> => {
  const total = watch.lines * LINE_BYTES;
  const started = performance.now();
  const deadline = started + watch.timeoutMs;
  let triggerError: unknown;
  const triggered = Promise.resolve().then(watch.trigger).catch((error: unknown) => { triggerError = error; });
  let floodPid: number | null = null;
  let seenAt: number | null = null;
  let doneAt: number | null = null;
  let lastBytes = -1;
  let lastChange = started;
  let stalled = '';
  for (;;) {
    const now = performance.now();
    if (floodPid === null) {
      floodPid = watch.findFlood();
      if (floodPid !== null) seenAt = now;
    }
    watch.tracker.poll();
    const bytes = watch.tracker.bytes();
    if (bytes >= total) {
      doneAt = performance.now();
      break;
    }
    if (bytes !== lastBytes) {
      lastBytes = bytes;
      lastChange = now;
    }
    if (triggerError !== undefined) {
      stalled = `the start request failed: ${(triggerError as Error).message}`;
      break;
    }
    if (floodPid !== null && !isLive(floodPid) && now - lastChange > 1500) {
      stalled = `the flood process ended and the log stopped growing at ${lastBytes} bytes`;
      break;
    }
    if (now > deadline) {
      stalled = `gave up after ${(watch.timeoutMs / 1000).toFixed(0)} s at ${lastBytes} bytes`;
      break;
    }
    await sleep(POLL_MS);
  }
  await Promise.race([triggered, sleep(10_000)]);
  // Let the supervisor finish with the file before reading it.
  await sleep(100);
  watch.tracker.poll();
  const check = verifySegments(watch.tracker.ordered(), watch.checkDir);
  const problem = check.problem ?? (check.lines !== watch.lines ? `${check.lines} of ${watch.lines} lines` : null) ?? (stalled || null);
  return {
    triggerToLogMs: doneAt === null ? null : doneAt - started,
    startToLogMs: doneAt === null || seenAt === null ? null : doneAt - seenAt,
    lines: check.lines,
    bytes: check.bytes,
    files: check.files,
    intact: problem === null && check.bytes === total,
    problem,
    note: watch.note?.() ?? '',
  };
};
