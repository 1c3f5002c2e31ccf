// The shape every supervisor driver has (procform and each peer: one file each), and
// what they share: a private temp dir, tracking of every process they cause, the
// kill -9 restart measurement, and teardown that proves nothing was left behind.
import { mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childrenOf, descendantsOf, liveDescendantsNamed, procId, processesOf, readProc, statOf, stillThere, type ProcId } from './proc.js';
import { pause, waitFor, waitForSync, Timeout } from './poll.js';
import type { FloodResult } from './flood.js';

/** Cold start of the supervised processes, in ms (null: not applicable to this supervisor). */
export interface ColdStart {
  /** From starting the supervisor itself until every process runs. */
  readonly withSupervisorMs: number | null;
  /** Into a supervisor that already runs (nothing supervised yet) until every process runs. */
  readonly intoRunningMs: number | null;
}

/** One supervisor under test. `start` → `pids`/`restartLatency` → `stop`; `flood` runs an instance of its own. */
export interface Driver {
  /** Column name. */
  readonly name: string;
  /** Version and configuration, for the notes under the table. */
  detail(): string;
  /** Null when it can run here, else why not (e.g. "not installed (apt-get install s6)"). */
  missing(): string | null;
  /** Starts `count` × `sleep 100000` under the supervisor and leaves them running. */
  start(count: number): Promise<ColdStart>;
  /** The supervisor's own processes now (not the supervised ones). */
  pids(): number[];
  /** `kill -9` of `samples` different supervised processes, one after the other: ms until each is back (null: not back in time). */
  restartLatency(samples: number): Promise<(number | null)[]>;
  /** Stops the supervisor and everything under it. Safe to call twice. */
  stop(): Promise<void>;
  /** Runs a flood of `lines` 50-byte lines through the supervisor's log capture, in an instance of its own, torn down before it returns. */
  flood(lines: number): Promise<FloodResult>;
  /** Last resort, also on Ctrl-C: SIGKILLs every process this driver caused; returns how many were still there. */
  cleanup(): number;
  /** Processes `cleanup` had to kill, described. */
  readonly leftovers: readonly string[];
}

/** Environment variable carried by every process a driver starts directly, to find strays. */
export const MARKER = 'PROCFORM_BENCH_RUN';

/** What each driver extends: temp dir, process tracking, teardown checks, restart timing. */
export abstract class BaseDriver implements Driver {
  abstract readonly name: string;
  readonly dir: string;
  readonly #tracked = new Map<number, ProcId>();
  #removed = false;
  #runs = 0;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'pf-supbench-'));
  }

  abstract detail(): string;
  abstract missing(): string | null;
  abstract start(count: number): Promise<ColdStart>;
  abstract pids(): number[];
  abstract restartLatency(samples: number): Promise<(number | null)[]>;
  abstract stop(): Promise<void>;
  abstract flood(lines: number): Promise<FloodResult>;

  /** The environment for processes this driver starts. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { ...process.env, [MARKER]: this.dir, ...extra };
  }

  /** A fresh directory for one start or flood, so that runs can be repeated. */
  runDir(kind: string): string {
    const dir = join(this.dir, `${kind}-${++this.#runs}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Removes a run's files (a flood leaves 200 MB). */
  discard(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
  }

  /** Remembers processes (with their start time) so teardown can prove they are gone. */
  track(...pids: readonly number[]): void {
    for (const pid of pids) {
      if (this.#tracked.has(pid)) continue;
      const id = procId(pid);
      if (id) this.#tracked.set(pid, id);
    }
  }

  /** Tracks a supervisor's whole tree as it is now. */
  trackTree(root: number): void {
    this.track(root, ...descendantsOf(root));
  }

  /** Processes of this run that are still there: tracked ones, and any under its dir or carrying its marker. */
  strays(): number[] {
    const alive = [...this.#tracked.values()].filter(stillThere).map((id) => id.pid);
    return [...new Set([...alive, ...processesOf(this.dir, `${MARKER}=${this.dir}`)])];
  }

  /**
   * Waits up to `timeoutMs` for every process of this run to be gone, then SIGKILLs what is
   * left; returns the number of processes that had to be killed.
   */
  async reap(timeoutMs = 10_000): Promise<number> {
    try {
      await waitFor('the supervisor and its processes to exit', () => this.strays().length === 0, timeoutMs, 20);
      return 0;
    } catch (error) {
      if (!(error instanceof Timeout)) throw error;
      return this.cleanup();
    }
  }

  /** What the teardown found left over and killed, for the report. */
  readonly leftovers: string[] = [];

  cleanup(): number {
    const left = this.strays();
    for (const pid of left) {
      const stat = statOf(pid);
      const cmdline = (readProc(`/proc/${pid}/cmdline`) ?? '').replace(/\0/g, ' ').trim().slice(0, 120);
      this.leftovers.push(`${pid} ${stat?.comm ?? '?'} (${stat?.state ?? 'gone'}, parent ${stat?.ppid ?? '?'}): ${cmdline}`);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    return left.length;
  }

  /** Removes the temp dir (once every process is gone). */
  removeDir(): void {
    if (this.#removed) return;
    this.#removed = true;
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Sets a directory's mtime into the past (runsvdir waits a second for a dir changed this second). */
  static age(path: string): void {
    const past = new Date(Date.now() - 10_000);
    utimesSync(path, past, past);
  }
}

/**
 * `kill -9` one supervised process, then polls its supervisor (the dead process's parent)
 * until it has a new child that runs `comm` (after its exec); returns the ms in between,
 * and the new pid. Null on a timeout.
 */
export const killAndTimeRestart = (victim: number, comm = 'sleep', timeoutMs = 5000): { ms: number; pid: number } | null => {
  const parent = statOf(victim)?.ppid;
  if (parent === undefined) return null;
  const before = new Set(childrenOf(parent));
  const started = performance.now();
  process.kill(victim, 'SIGKILL');
  try {
    const pid = waitForSync(`a new ${comm} under ${parent}`, () => childrenOf(parent).find((child) => {
      if (before.has(child)) return false;
      const stat = statOf(child);
      return stat !== null && stat.comm === comm && stat.state !== 'Z';
    }), timeoutMs);
    return { ms: performance.now() - started, pid };
  } catch (error) {
    if (error instanceof Timeout) return null;
    throw error;
  }
};

/**
 * Restart latency over `samples` different services picked evenly from `victims` (each
 * has been up long enough that no supervisor holds its restart back), one at a time.
 */
export const restartSeries = (victims: readonly number[], samples: number, track: (pid: number) => void): (number | null)[] => {
  const sorted = [...victims].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (let i = 0; i < samples && sorted.length > 0; i++) {
    const victim = sorted[Math.floor((i * sorted.length) / samples)]!;
    const result = killAndTimeRestart(victim);
    if (result) track(result.pid);
    out.push(result?.ms ?? null);
    pause(30);
  }
  return out;
};

/** Polls until `root` has `count` live `sleep` descendants; resolves with the time it happened. */
export const waitForSleeps = (root: () => number | null, count: number, timeoutMs = 30_000): Promise<number> =>
  waitFor(`${count} running sleep processes`, () => {
    const pid = root();
    return pid !== null && liveDescendantsNamed(pid, 'sleep').length >= count ? performance.now() : false;
  }, timeoutMs, 1);
