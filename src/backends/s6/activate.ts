/**
 * The s6 activator: links each process's store entry into a writable service directory in
 * the scan dir, rescans, and drives s6-supervise with s6-svc. Services carry a `down` file,
 * so nothing starts before the activator starts it, in dependency order. Readiness is
 * native for `notify` (notification-fd, seen through s6-svstat) and probed otherwise.
 * @module
 */
import { existsSync, mkdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ActivationEvents, ActivationGeneration, ActivationResult, Activator } from '../../deploy/activator.js';
import type { BuildSettings } from '../../generation/settings.js';
import { pollUntil, s6Paths, serviceNames, tool } from './manager.js';
import { RESTARTS_FILE, SERVICE_FILES } from './render.js';
import { s6RecordFile, type S6Service } from './record.js';
import { readRecordFile } from '../../deploy/record-file.js';
import { startInOrder, stopInOrder } from '../../deploy/run-in-order.js';
import { staysUp } from '../../deploy/stays-up.js';
import { ranSince, sighting, status, waitNotified, type Status } from './svstat.js';
import { followLog, probe, S6_LOG_PREFIX } from './log-probe.js';
import { fileSize, withLastLines } from '../log-lines.js';

/** Written by the activator when it starts a service, removed when it stops it. */
export const WANTED_FILE = 'procform-wanted';
/** How long a service without readiness may take to be up. */
const UP_TIMEOUT_MS = 30_000;

/** Reads the record of an entry. */
export const readRecord = (entry: string): S6Service => readRecordFile(entry, s6RecordFile);

const linkTarget = (path: string): string | null => {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
};

/** Replaces `path` with a link to `target` atomically. */
const placeLink = (target: string, path: string): void => {
  if (linkTarget(path) === target) return;
  const temporary = `${path}.procform-new`;
  rmSync(temporary, { force: true });
  symlinkSync(target, temporary);
  renameSync(temporary, path);
};

/** The entry a service directory currently links to. */
const installedEntry = (dir: string): string | null => {
  const target = linkTarget(`${dir}/run`);
  return target === null ? null : dirname(target);
};

/** Makes `dir` a service directory whose files are links into `entry`. */
const install = (dir: string, entry: string): void => {
  mkdirSync(`${dir}/log`, { recursive: true });
  for (const name of SERVICE_FILES) {
    if (existsSync(`${entry}/${name}`)) placeLink(`${entry}/${name}`, `${dir}/${name}`);
    else rmSync(`${dir}/${name}`, { force: true });
  }
  placeLink(`${entry}/log/run`, `${dir}/log/run`);
  rmSync(`${dir}/${RESTARTS_FILE}`, { force: true });
};

/** Starts one service and waits until it is ready; a reason when it does not come up. */
const startService = async (dir: string, record: S6Service): Promise<string | null> => {
  rmSync(`${dir}/${RESTARTS_FILE}`, { force: true });
  writeFileSync(`${dir}/${WANTED_FILE}`, '');
  const logFile = `${record.log.directory}/current`;
  // Subscribe before starting so no line is missed: followLog takes the offset now, and a
  // process that logs its ready line at once may have done so before s6-svc returns.
  const logOffset = fileSize(logFile);
  const pending = record.readiness !== null && record.readiness.kind !== 'notify' && record.type === 'longrun'
    ? { readiness: record.readiness, lines: followLog(logFile) }
    : null;
  let probing: Promise<string | null> | null = null;
  const before = (await status(dir))?.since ?? null;
  const started = await tool('s6-svc', ['-u', dir]);
  if (started.code !== 0) return `s6-svc -u failed: ${started.stderr.trim()}`;
  if (pending !== null) probing = probe(record, pending.readiness, pending.lines, dir, before);
  if (record.type === 'oneshot') {
    const timeout = (record.readiness?.timeout ?? 60) * 1000;
    let last: Status | null = null;
    const ended = await pollUntil(async () => {
      last = await status(dir);
      return last !== null && ranSince(last, before) && !last.up && !last.wantedUp;
    }, timeout);
    const final = last as Status | null;
    if (!ended) return `oneshot did not finish within ${timeout / 1000} s`;
    return final?.exitCode === 0 ? null : `oneshot failed (${final?.exitCode === null || final === null ? 'killed' : `exit code ${final.exitCode}`})`;
  }
  if (probing !== null) return probing;
  const notify = record.readiness?.kind === 'notify';
  if (!notify) {
    const reason = await staysUp(() => sighting(dir, before, record.type === 'oneshot' || record.restart.policy !== 'always'), { startTimeoutMs: UP_TIMEOUT_MS });
    return reason === null ? null : withLastLines(reason, [{ path: logFile, stream: 'both', offset: logOffset }], S6_LOG_PREFIX);
  }
  const timeout = record.readiness!.timeout * 1000;
  return waitNotified(dir, before, timeout, `not ready within ${timeout / 1000} s (no notification on fd ${record.notificationFd})`);
};

/** Stops one service and waits until its process is gone. */
const stopService = async (dir: string): Promise<void> => {
  rmSync(`${dir}/${WANTED_FILE}`, { force: true });
  if (!existsSync(`${dir}/supervise`)) return;
  let timeoutMs = 15_000;
  try {
    timeoutMs = readRecord(dirname(readlinkSync(`${dir}/run`))).timeoutKill + 10_000;
  } catch {
    /* keep the default */
  }
  await tool('s6-svc', ['-d', dir]);
  await pollUntil(async () => {
    const s = await status(dir);
    return s === null || !s.up;
  }, timeoutMs);
};

/**
 * Removes a service directory: the service stops, the directory leaves s6-svscan's sight
 * (dot names are ignored), s6-svscan ends its supervisors (`-an`: rescan, then end those
 * whose directory is gone), then the directory goes. `s6-svc -x` would not do: s6 2.12 and
 * later start a new supervisor at once for a directory still in the scan dir.
 */
const removeService = async (scanDir: string, dir: string): Promise<void> => {
  await stopService(dir);
  const trash = `${scanDir}/.removed-${Date.now()}-${dir.slice(scanDir.length + 1)}`;
  renameSync(dir, trash);
  await tool('s6-svscanctl', ['-an', scanDir]);
  await pollUntil(async () => (await tool('s6-svok', [trash])).code !== 0 && (await tool('s6-svok', [`${trash}/log`])).code !== 0, 15_000);
  rmSync(trash, { recursive: true, force: true });
};

/** Waits until s6-supervise runs for a service directory and its logger. */
const supervised = (dir: string): Promise<boolean> =>
  pollUntil(async () => (await tool('s6-svok', [dir])).code === 0 && (await tool('s6-svok', [`${dir}/log`])).code === 0, 10_000);

const running = async (settings: BuildSettings): Promise<ReadonlySet<string>> => {
  const { scanDir } = s6Paths(settings);
  const names = new Set<string>();
  for (const name of serviceNames(scanDir)) {
    const dir = `${scanDir}/${name}`;
    if (!existsSync(`${dir}/${WANTED_FILE}`)) continue;
    const s = await status(dir);
    const entry = installedEntry(dir);
    // Up, or finished successfully under a policy that does not restart it (a oneshot, a
    // run-once process). A process meant to run always that is down was stopped, e.g. by a
    // restart of the manager, and is not running whatever its last exit was.
    const record = entry === null ? null : readRecord(entry);
    const runsToEnd = record !== null && (record.type === 'oneshot' || record.restart.policy !== 'always');
    if (s !== null && (s.up || (runsToEnd && !s.wantedUp && s.exitCode === 0))) names.add(name);
  }
  return names;
};

const apply = async (plan: Parameters<Activator['apply']>[0], previous: ActivationGeneration | null, next: ActivationGeneration | null, events?: ActivationEvents): Promise<ActivationResult> => {
  const settings = (next ?? previous)?.settings;
  if (settings === undefined) return { failed: [] };
  const { scanDir } = s6Paths(settings);
  mkdirSync(scanDir, { recursive: true });
  const dependedOn = new Map((previous?.units ?? []).map((unit) => [unit.instance, unit.dependencies]));
  const stopFailures = await stopInOrder(plan.stop, (instance) => dependedOn.get(instance) ?? [], async (instance) => {
    const dir = `${scanDir}/${instance}`;
    if (existsSync(dir)) await stopService(dir);
    return null;
  }, events);
  const units = next?.units ?? [];
  const wanted = new Set(units.map((u) => u.instance));
  for (const name of serviceNames(scanDir)) {
    if (!wanted.has(name)) await removeService(scanDir, `${scanDir}/${name}`);
  }
  const fresh: string[] = [];
  for (const unit of units) {
    const dir = `${scanDir}/${unit.instance}`;
    if (installedEntry(dir) === unit.entry && existsSync(`${dir}/log/run`)) continue;
    install(dir, unit.entry);
    fresh.push(dir);
  }
  await tool('s6-svscanctl', ['-a', scanDir]);
  const failed: { instance: string; reason: string }[] = [];
  for (const dir of fresh) {
    if (!(await supervised(dir))) failed.push({ instance: dir.slice(scanDir.length + 1), reason: 's6-svscan did not pick up the service directory' });
  }
  // Those s6-svscan did not pick up are already reported: they only block their dependents.
  const unsupervised = new Map(failed.map((f) => [f.instance, f.reason]));
  const byInstance = new Map(units.map((u) => [u.instance, u]));
  const startOne = async (instance: string): Promise<string | null> => {
    const known = unsupervised.get(instance);
    if (known !== undefined) return known;
    const dir = `${scanDir}/${instance}`;
    const reason = await startService(dir, readRecord(byInstance.get(instance)!.entry));
    // A failed start does not keep crash-looping: it is down until the next switch.
    if (reason !== null) await stopService(dir);
    return reason;
  };
  const toStart = plan.start.filter((instance) => byInstance.has(instance));
  const started = await startInOrder(
    [...[...unsupervised.keys()].filter((instance) => !toStart.includes(instance)), ...toStart],
    (instance) => byInstance.get(instance)?.dependencies ?? [],
    startOne,
    events,
  );
  return { failed: [...stopFailures, ...failed, ...started.filter((f) => !unsupervised.has(f.instance))] };
};

/** The s6 activator. */
export const activator: Activator = { running, apply };
