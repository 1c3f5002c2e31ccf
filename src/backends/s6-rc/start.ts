/**
 * Starting one process of an s6-rc deployment: `s6-rc -u change`, then what s6-rc cannot
 * wait for itself — a process that must stay up for a moment, a log line — and a process
 * s6 had given up on, which s6-rc still counts up.
 * @module
 */
import { rmSync } from 'node:fs';
import { staysUp } from '../../deploy/stays-up.js';
import { fileSize, withLastLines } from '../log-lines.js';
import { followLog, probe, S6_LOG_PREFIX } from '../s6/log-probe.js';
import { tool, type ToolResult } from '../s6/manager.js';
import { RESTARTS_FILE } from '../s6/render.js';
import { exitOf, ranSince, sighting, status, waitNotified, type Status } from '../s6/svstat.js';
import { DEFAULT_TIMEOUT_MS, s6rc } from './live.js';
import type { S6RcPaths } from './manager.js';
import type { S6RcProcess } from './record.js';

/** What a failed s6-rc run says, in a line. */
export const failure = (what: string, result: ToolResult, timeoutMs: number): string =>
  result.code === 2 ? `${what} did not finish within ${timeoutMs / 1000} s` : `${what} failed: ${result.stderr.trim().split('\n').join('; ') || `exit code ${result.code}`}`;

/** The live service directory of a longrun. */
export const serviceDir = (paths: S6RcPaths, record: S6RcProcess): string => `${paths.liveDir}/servicedirs/${record.name}-srv`;

/** Whether s6 has given up on a service that ran since `before`. */
const givenUp = (s: Status | null, before: string | null): s is Status => s !== null && ranSince(s, before) && !s.up && !s.wantedUp;

/** How long a start may take: inside the switch's own deadline, so that s6-rc has let go of its lock when the switch goes back. */
const startTimeout = (record: S6RcProcess, deadline: number | undefined): number => {
  if (deadline !== undefined) return Math.max(1000, deadline * 1000 - 1000);
  if (record.check !== null) return record.check.timeout + 5_000;
  return record.settings.readiness !== null ? record.settings.readiness.timeout * 1000 : DEFAULT_TIMEOUT_MS;
};

/** Brings one process up and waits until it is started (ready, for one that has readiness); a reason when it is not. */
export const startOne = async (paths: S6RcPaths, record: S6RcProcess, deadline: number | undefined): Promise<string | null> => {
  const timeoutMs = startTimeout(record, deadline);
  const logFile = `${record.settings.log.directory}/current`;
  const logs = [{ path: logFile, stream: 'both' as const, offset: fileSize(logFile) }];
  const fail = async (reason: string): Promise<string> => {
    // A failed start does not keep crash-looping: it is down until the next switch.
    await s6rc(paths, ['-d', 'change', record.name]);
    return withLastLines(reason, logs, S6_LOG_PREFIX);
  };
  const longrun = record.kind === 'longrun';
  const dir = serviceDir(paths, record);
  // The finish script counts restarts in a row; a start begins a new count.
  if (longrun) rmSync(`${dir}/${RESTARTS_FILE}`, { force: true });
  const before = longrun ? ((await status(dir))?.since ?? null) : null;
  const { readiness } = record.settings;
  // Followed from before the start, so that a ready line printed at once is not missed.
  const lines = longrun && readiness?.kind === 'log' ? followLog(logFile) : null;
  const up = await s6rc(paths, ['-t', String(timeoutMs), '-u', 'change', record.name], timeoutMs);
  if (up.code !== 0) {
    // s6-rc's own words ("failed permanently or its supervisor died") say less than s6's.
    const ended = longrun ? await status(dir) : null;
    return fail(givenUp(ended, before) ? `${exitOf(ended)} before it was ready, and will not be restarted` : failure(`s6-rc -u change ${record.name}`, up, timeoutMs));
  }
  if (!longrun) return null;
  // s6-rc still counts up a longrun that s6 gave up on, so its change did nothing: s6 starts it again.
  const now = await status(dir);
  const revived = now !== null && !now.up && !now.wantedUp && !ranSince(now, before);
  if (revived) await tool('s6-svc', ['-u', dir]);
  const runsToEnd = record.settings.restart.policy !== 'always';
  let reason: string | null = null;
  if (lines !== null) reason = await probe(record.settings, readiness!, lines, dir, before);
  // Without readiness, "up" only means started: it must also stay up.
  else if (record.settings.notificationFd === null) reason = await staysUp(() => sighting(dir, before, runsToEnd), { startTimeoutMs: timeoutMs });
  else if (revived) reason = await waitNotified(dir, before, timeoutMs, `not ready within ${timeoutMs / 1000} s`);
  // s6-rc's wait for readiness also ends when s6 gives up on the process.
  else if (givenUp(now, before) && !(runsToEnd && now.exitCode === 0)) reason = `${exitOf(now)} before it was ready, and will not be restarted`;
  return reason === null ? null : fail(reason);
};
