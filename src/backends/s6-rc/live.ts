/**
 * Asking s6-rc about its live state.
 * @module
 */
import { svscanPid, tool, type ToolResult } from '../s6/manager.js';
import { liveDatabase } from './database.js';
import type { S6RcPaths } from './manager.js';

/** How long a change may take when neither readiness nor the switch sets a deadline. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Runs s6-rc on the live state, waiting for its lock rather than failing on it. */
export const s6rc = (paths: S6RcPaths, args: readonly string[], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ToolResult> =>
  tool('s6-rc', ['-b', '-l', paths.liveDir, ...args], timeoutMs + 10_000);

/**
 * The atomic services s6-rc counts as up, or null when there is no live state on a running
 * s6-svscan (a live state outlives the supervision tree it describes only as a stale copy).
 */
export const activeServices = async (paths: S6RcPaths): Promise<ReadonlySet<string> | null> => {
  if (liveDatabase(paths.liveDir) === null || svscanPid(paths) === null) return null;
  const listed = await s6rc(paths, ['-a', 'list']);
  if (listed.code !== 0) return null;
  return new Set(listed.stdout.split('\n').filter((line) => line !== ''));
};
