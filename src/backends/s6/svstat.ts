/**
 * Reading a service's state with s6-svstat, for the s6 and s6-rc activators.
 * @module
 */
import type { Sighting } from '../../deploy/stays-up.js';
import { pollUntil, tool } from './manager.js';

/** What s6-svstat says about a service directory. */
export interface Status {
  readonly up: boolean;
  /** The process's pid while it is up, else -1. */
  readonly pid: number;
  readonly wantedUp: boolean;
  readonly ready: boolean;
  readonly exitCode: number | null;
  /** When the service last went up or down (s6-svstat's TAI64N label). */
  readonly since: string;
}

/**
 * Whether a service went up (or up and down again) after `before`, its `since` when it was
 * told to start. A service that never ran reads "down, not wanted up, exit code 0" until
 * s6-supervise has read the start command, which must not pass for a finished run.
 */
export const ranSince = (s: Status, before: string | null): boolean => s.up || s.since !== before;

/** s6-svstat of a service directory; null when it cannot say (no supervisor). */
export const status = async (dir: string): Promise<Status | null> => {
  const result = await tool('s6-svstat', ['-o', 'up,pid,wantedup,ready,exitcode,updownsince', dir]);
  if (result.code !== 0) return null;
  const [up, pid, wantedUp, ready, exitCode, since = ''] = result.stdout.trim().split(/\s+/);
  const code = Number(exitCode);
  return { up: up === 'true', pid: Number(pid), wantedUp: wantedUp === 'true', ready: ready === 'true', exitCode: Number.isInteger(code) && code >= 0 ? code : null, since };
};

/** How a service that is down last ended: "exited (exit code 3)", "exited (killed)". */
export const exitOf = (s: Status): string => `exited (${s.exitCode === null ? 'killed' : `exit code ${s.exitCode}`})`;

/**
 * Waits until a service told to start is up and ready (notified on its fd): null then,
 * `notReady` when `timeoutMs` pass first, or why when s6 gives up on it.
 */
export const waitNotified = async (dir: string, before: string | null, timeoutMs: number, notReady: string): Promise<string | null> => {
  let reason: string | null = notReady;
  await pollUntil(async () => {
    const s = await status(dir);
    if (s === null || !ranSince(s, before)) return false;
    if (!s.up && !s.wantedUp) reason = `${exitOf(s)} and will not be restarted`;
    else if (s.up && s.ready) reason = null;
    else return false;
    return true;
  }, timeoutMs);
  return reason;
};

/**
 * One look at a service told to start, for `staysUp`. `runsToEnd`: its restart policy does
 * not restart a clean exit, so exit code 0 means finished even while s6 still reads "wanted
 * up" (the finish script that tells s6-supervise not to restart it is still running).
 */
export const sighting = async (dir: string, before: string | null, runsToEnd = false): Promise<Sighting> => {
  const s = await status(dir);
  if (s === null || !ranSince(s, before)) return { state: 'starting' };
  if (s.up) return { state: 'up', pid: s.pid };
  // Ran and finished successfully under a policy that does not restart it: started.
  if ((!s.wantedUp || runsToEnd) && s.exitCode === 0) return { state: 'finished' };
  const reason = exitOf(s);
  return s.wantedUp ? { state: 'exited', reason } : { state: 'exited', reason, note: 'it will not be restarted' };
};

