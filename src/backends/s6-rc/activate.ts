/**
 * The s6-rc activator. A switch stops what the plan stops (`s6-rc -d change`), compiles the
 * next generation's database and moves the live state to it (`s6-rc-init` the first time,
 * `s6-rc-update` after that: the services the plan leaves alone keep running, with their
 * pids), then starts what the plan starts (`s6-rc -u change`), one change at a time, since
 * s6-rc locks its live state for the length of a change. s6-rc waits for readiness itself
 * (the notification fd, fed by the process or by s6-notifyoncheck); a process without
 * readiness must also stay up for a moment, as on every backend.
 * @module
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DeployError } from '../../errors.js';
import { startInOrder, stopInOrder } from '../../deploy/run-in-order.js';
import { staysUp } from '../../deploy/stays-up.js';
import type { ActivationGeneration, ActivationOptions, ActivationResult, Activator, BuildSettings } from '../backend.js';
import { fileSize, withLastLines } from '../log-lines.js';
import { alive, pollUntil, svscanPid, tool, type ToolResult } from '../s6/manager.js';
import { RESTARTS_FILE } from '../s6/render.js';
import { activeServices, DEFAULT_TIMEOUT_MS, s6rc } from './live.js';
import { ranSince, sighting, status, type Status } from '../s6/svstat.js';
import { compiledDatabase, databaseServices, liveDatabase, readRecord, removeOtherDatabases } from './database.js';
import { s6rcPaths, type S6RcPaths } from './manager.js';
import type { S6RcProcess } from './translate.js';

/** s6-log's T prefix, taken off the lines quoted in a failure. */
const S6_LOG_PREFIX = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ {2}/;

/** What a failed s6-rc run says, in a line. */
const failure = (what: string, result: ToolResult, timeoutMs: number): string =>
  result.code === 2 ? `${what} did not finish within ${timeoutMs / 1000} s` : `${what} failed: ${result.stderr.trim().split('\n').join('; ') || `exit code ${result.code}`}`;

/** The live service directory of a longrun. */
const serviceDir = (paths: S6RcPaths, record: S6RcProcess): string => `${paths.liveDir}/servicedirs/${record.name}-srv`;

const readPid = (pidFile: string): number | null => {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
};

const running = async (settings: BuildSettings): Promise<ReadonlySet<string>> => {
  const paths = s6rcPaths(settings);
  const active = await activeServices(paths);
  const instances = new Set<string>();
  if (active === null) return instances;
  for (const [name, service] of Object.entries(databaseServices(liveDatabase(paths.liveDir)!))) {
    if (service.kind === 'oneshot') {
      // A daemon's oneshot is up while the daemon it started is; a plain oneshot once it has run.
      const daemon = service.pidFile === null ? null : readPid(service.pidFile);
      if (active.has(name) && (service.pidFile === null || (daemon !== null && alive(daemon)))) instances.add(service.instance);
      continue;
    }
    if (!active.has(`${name}-srv`)) continue;
    // s6-rc still counts a longrun up after s6-supervise gave up on it: ask s6.
    const s = await status(`${paths.liveDir}/servicedirs/${name}-srv`);
    if (s !== null && (s.up || (service.restart !== 'always' && !s.wantedUp && s.exitCode === 0))) instances.add(service.instance);
  }
  return instances;
};

/** "exited (exit code 3)", "exited (killed)". */
const exitOf = (s: Status): string => `exited (${s.exitCode === null ? 'killed' : `exit code ${s.exitCode}`})`;

/**
 * Waits until a longrun s6 restarted by hand is ready (notified on its fd); a reason when it
 * is not within `timeoutMs`, or s6 gives up on it.
 */
const notified = async (dir: string, before: string | null, timeoutMs: number): Promise<string | null> => {
  let reason: string | null = `not ready within ${timeoutMs / 1000} s`;
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

/** Brings one process up and waits until s6-rc counts it up (ready, for one that has readiness). */
const startOne = async (paths: S6RcPaths, record: S6RcProcess, deadline: number | undefined): Promise<string | null> => {
  // Inside the switch's own deadline, so that s6-rc has let go of its lock when the switch goes back.
  const timeoutMs = deadline !== undefined ? Math.max(1000, deadline * 1000 - 1000) : record.check !== null ? record.check.timeout + 5_000 : record.settings.readiness !== null ? record.settings.readiness.timeout * 1000 : DEFAULT_TIMEOUT_MS;
  const logs = [{ path: `${record.settings.log.directory}/current`, stream: 'both' as const, offset: fileSize(`${record.settings.log.directory}/current`) }];
  const longrun = record.kind === 'longrun';
  const dir = serviceDir(paths, record);
  // The finish script counts restarts in a row; a start begins a new count.
  if (longrun) rmSync(`${dir}/${RESTARTS_FILE}`, { force: true });
  const before = longrun ? ((await status(dir))?.since ?? null) : null;
  const up = await s6rc(paths, ['-t', String(timeoutMs), '-u', 'change', record.name], timeoutMs);
  let reason = up.code === 0 ? null : failure(`s6-rc -u change ${record.name}`, up, timeoutMs);
  if (reason !== null && longrun) {
    // s6-rc's own words ("failed permanently or its supervisor died") say less than s6's.
    const ended = await status(dir);
    if (ended !== null && ranSince(ended, before) && !ended.up && !ended.wantedUp) reason = `${exitOf(ended)} before it was ready, and will not be restarted`;
  }
  if (reason === null && longrun) {
    // s6-rc still counts up a longrun that s6 gave up on, so its change did nothing: s6 starts it again.
    const now = await status(dir);
    const revived = now !== null && !now.up && !now.wantedUp && !ranSince(now, before);
    if (revived) await tool('s6-svc', ['-u', dir]);
    const runsToEnd = record.settings.restart.policy !== 'always';
    // Without readiness, "up" only means started: it must also stay up.
    if (record.settings.notificationFd === null) reason = await staysUp(() => sighting(dir, before, runsToEnd), { startTimeoutMs: timeoutMs });
    else if (revived) reason = await notified(dir, before, timeoutMs);
    // s6-rc's wait for readiness also ends when s6 gives up on the process.
    else if (now !== null && !now.up && !now.wantedUp && !(runsToEnd && now.exitCode === 0)) reason = `${exitOf(now)} before it was ready, and will not be restarted`;
  }
  if (reason === null) return null;
  // A failed start does not keep crash-looping: it is down until the next switch.
  await s6rc(paths, ['-d', 'change', record.name]);
  return withLastLines(reason, logs, S6_LOG_PREFIX);
};

/** Moves the live state to `compiled`: made by s6-rc-init the first time, updated after that. */
const moveLiveState = async (paths: S6RcPaths, compiled: string): Promise<string | null> => {
  const current = liveDatabase(paths.liveDir);
  if (current === compiled) return null;
  if (current === null) {
    if (svscanPid(paths) === null) throw new DeployError(`s6-svscan is not running on ${paths.scanDir}`, false, { hint: 'start it with procform manager start s6-rc' });
    mkdirSync(dirname(paths.liveDir), { recursive: true });
    const made = await tool('s6-rc-init', ['-c', compiled, '-l', paths.liveDir, '-t', '10000', paths.scanDir]);
    return made.code === 0 ? null : failure('s6-rc-init', made, 10_000);
  }
  const updated = await tool('s6-rc-update', ['-b', '-l', paths.liveDir, compiled], DEFAULT_TIMEOUT_MS);
  return updated.code === 0 ? null : failure('s6-rc-update', updated, DEFAULT_TIMEOUT_MS);
};

const recordsOf = (generation: ActivationGeneration | null): Map<string, S6RcProcess> =>
  new Map((generation?.units ?? []).map((unit) => [unit.instance, readRecord(unit.entry, unit.instance)]));

const dependenciesIn = (generation: ActivationGeneration | null) => {
  const edges = new Map((generation?.units ?? []).map((unit) => [unit.instance, unit.dependencies]));
  return (instance: string): readonly string[] => edges.get(instance) ?? [];
};

const apply = async (plan: Parameters<Activator['apply']>[0], previous: ActivationGeneration | null, next: ActivationGeneration | null, options?: ActivationOptions): Promise<ActivationResult> => {
  const settings = (next ?? previous)?.settings;
  if (settings === undefined) return { failed: [] };
  const paths = s6rcPaths(settings);
  const before = recordsOf(previous);
  const live = liveDatabase(paths.liveDir) !== null;
  const stopFailures = await stopInOrder(plan.stop, dependenciesIn(previous), async (instance) => {
    if (!live) return null;
    const down = await s6rc(paths, ['-d', 'change', before.get(instance)?.name ?? instance]);
    return down.code === 0 ? null : failure(`s6-rc -d change ${instance}`, down, DEFAULT_TIMEOUT_MS);
  }, options, 1);
  if (next === null) {
    if (live) await s6rc(paths, ['-da', 'change']);
    return { failed: stopFailures };
  }
  const compiled = await compiledDatabase(next);
  const moved = await moveLiveState(paths, compiled);
  const starting = plan.start.filter((instance) => next.units.some((unit) => unit.instance === instance));
  if (moved !== null) return { failed: [...stopFailures, ...starting.map((instance) => ({ instance, reason: moved }))] };
  removeOtherDatabases(paths.databasesDir, compiled);
  const after = recordsOf(next);
  const started = await startInOrder(starting, dependenciesIn(next), (instance) => startOne(paths, after.get(instance)!, options?.deadlines?.get(instance)), options, 1);
  return { failed: [...stopFailures, ...started] };
};

/** The s6-rc activator. */
export const activator: Activator = { running, apply };
