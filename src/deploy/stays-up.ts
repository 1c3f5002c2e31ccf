/**
 * Whether a process without a readiness probe really started. "The manager shows it
 * running" is not enough: a process whose user does not exist, or that exits at once, is
 * running for a few milliseconds before every restart, and a switch that looks at that
 * moment reports a start that did not happen. Like supervisord's `startsecs`, a process
 * counts as started once it has been seen running, as one and the same process, for a
 * settle period; one that exits or is restarted before that has failed to start.
 * @module
 */
/** What an activator sees of a process it has just told to start, at one look. */
export type Sighting =
  /** Running, as process `pid` (any token that changes when the manager restarts it). */
  | { readonly state: 'up'; readonly pid: number | string }
  /** Not running yet: the manager has not acted on the start command. */
  | { readonly state: 'starting' }
  /** Ran and exited successfully under a policy that does not restart it: a start that happened. */
  | { readonly state: 'finished' }
  /**
   * Ran and is no longer running (exited, being restarted, or given up on): how it ended
   * ("exited (exit code 1)"), and anything the manager does about it ("it will not be restarted").
   */
  | { readonly state: 'exited'; readonly reason: string; readonly note?: string };

/** How long a process must stay up, as one process, to count as started. */
export const SETTLE_MS = 1000;

/** Timing of {@link staysUp}; the clock and the pause are replaceable for tests. */
export interface StaysUpOptions {
  readonly settleMs?: number;
  /** How long the manager may take to run the process at all. @default 30 s */
  readonly startTimeoutMs?: number;
  readonly intervalMs?: number;
  readonly now?: () => number;
  readonly pause?: (ms: number) => Promise<void>;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Looks at a started process (`look`) until it has been up, with one pid, for the settle
 * period (null: started), or it has finished successfully (null), or it is seen exited or
 * restarted (why it did not start). A process the manager never runs within the start
 * timeout has not started either.
 */
export const staysUp = async (look: () => Promise<Sighting>, options: StaysUpOptions = {}): Promise<string | null> => {
  const { settleMs = SETTLE_MS, startTimeoutMs = 30_000, intervalMs = 100, now = Date.now } = options;
  const wait = options.pause ?? pause;
  const deadline = now() + startTimeoutMs;
  let first: { readonly pid: number | string; readonly at: number } | null = null;
  for (;;) {
    const seen = await look();
    switch (seen.state) {
      case 'finished':
        return null;
      case 'exited':
        return `${seen.reason} ${first === null ? 'as soon as it was started' : 'right after it started'}${seen.note === undefined ? '' : `; ${seen.note}`}`;
      case 'up':
        if (first === null) first = { pid: seen.pid, at: now() };
        else if (seen.pid !== first.pid) return `exited right after it started and was restarted (pid ${first.pid}, then ${seen.pid})`;
        if (now() - first.at >= settleMs) return null;
        break;
      case 'starting':
        // Seen running before, and waiting to run again: the manager is restarting it.
        if (first !== null) return 'exited right after it started and is being restarted';
        if (now() >= deadline) return `not running within ${Math.round(startTimeoutMs / 1000)} s of its start`;
        break;
    }
    await wait(intervalMs);
  }
};
