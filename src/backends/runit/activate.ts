/**
 * The runit activator: one writable service directory per instance in runsvdir's scan
 * directory, its scripts linked from the read-only store entry (`.entry` names the entry,
 * the identity a switch compares). A `down` file keeps runsv from starting a service on
 * its own; the activator starts services in dependency order with `sv up` and waits for
 * readiness itself, with procform's probes.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync, openSync, readSync, closeSync } from 'node:fs';
import type { ActivationEvents, ActivationGeneration, ActivationResult, Activator } from '../../deploy/activator.js';
import type { BuildSettings } from '../../generation/settings.js';
import type { Plan } from '../../deploy/plan-types.js';
import { startInOrder, stopInOrder } from '../../deploy/run-in-order.js';
import { staysUp, type Sighting } from '../../deploy/stays-up.js';
import { withLastLines } from '../log-lines.js';
import { checkAccount, startProbe } from '../../probes/readiness.js';
import { runitPaths } from './paths.js';
import { runitRecordFile, type RunitService } from './record.js';
import { readRecordFile } from '../../deploy/record-file.js';
import { RecordFileError } from '../../errors.js';
import { runsvAlive, serviceState, sv, until } from './sv.js';

const ENTRY_LINK = '.entry';

/** The record a service directory links to, or why it cannot be read (a half-installed directory). */
const readRecord = (dir: string): RunitService | RecordFileError => {
  try {
    return readRecordFile(dir, runitRecordFile);
  } catch (error) {
    if (error instanceof RecordFileError) return error;
    throw error;
  }
};

const entryOf = (dir: string): string | null => {
  try {
    return readlinkSync(`${dir}/${ENTRY_LINK}`);
  } catch {
    return null;
  }
};

const listServices = (scanDir: string): string[] => {
  try {
    return readdirSync(scanDir).filter((name) => !name.startsWith('.')).sort();
  } catch {
    return [];
  }
};

const readText = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
};

/** Stops a service: its stop signal (control/t), SIGKILL after its stop timeout. */
export const stopService = async (dir: string): Promise<void> => {
  if (!runsvAlive(dir)) return;
  const record = readRecord(dir);
  const timeout = record instanceof RecordFileError ? 10 : record.stopTimeout;
  await sv(['-w', String(timeout), 'force-stop', dir]);
  await until(() => serviceState(dir) !== 'run' && serviceState(dir) !== 'finish', 5_000);
};

/** Makes the runsv of a service directory (and of its log) exit, then deletes the directory. */
export const retireService = async (dir: string, trashDir: string): Promise<void> => {
  mkdirSync(trashDir, { recursive: true });
  const moved = `${trashDir}/${dir.slice(dir.lastIndexOf('/') + 1)}-${process.pid}-${Date.now()}`;
  renameSync(dir, moved);
  await stopService(moved);
  for (let attempt = 0; attempt < 100 && (runsvAlive(moved) || runsvAlive(`${moved}/log`)); attempt++) {
    if (runsvAlive(moved)) await sv(['exit', moved]);
    if (runsvAlive(`${moved}/log`)) await sv(['exit', `${moved}/log`]);
    await until(() => !runsvAlive(moved) && !runsvAlive(`${moved}/log`), 1_000);
  }
  rmSync(moved, { recursive: true, force: true });
};

/** Assembles a service directory for `entry` and renames it into the scan directory. */
const installService = (instance: string, entry: string, scanDir: string, stagingDir: string): void => {
  const staging = `${stagingDir}/${instance}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(`${staging}/log`, { recursive: true });
  mkdirSync(`${staging}/procform`);
  symlinkSync(entry, `${staging}/${ENTRY_LINK}`);
  for (const name of [runitRecordFile.name, 'run', 'finish', 'check', 'control', 'oneshot']) {
    if (existsSync(`${entry}/${name}`)) symlinkSync(`${entry}/${name}`, `${staging}/${name}`);
  }
  symlinkSync(`${entry}/log/run`, `${staging}/log/run`);
  writeFileSync(`${staging}/down`, '');
  renameSync(staging, `${scanDir}/${instance}`);
};

/** Lines svlogd appended to `current` since `offset`, without the -tt timestamp. */
const newLines = (file: string, state: { offset: number; rest: string }): string[] => {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = statSync(file).size;
    if (size < state.offset) state.offset = 0;
    const buffer = Buffer.alloc(size - state.offset);
    readSync(fd, buffer, 0, buffer.length, state.offset);
    state.offset = size;
    const text = state.rest + buffer.toString('utf8');
    const lines = text.split('\n');
    state.rest = lines.pop() ?? '';
    return lines.map((line) => line.replace(/^\S+ /, ''));
  } finally {
    closeSync(fd);
  }
};

/** One look at a service told to start, for `staysUp`: finish records every exit in procform/exit. */
const sighting = (dir: string, record: RunitService): Sighting => {
  const state = serviceState(dir);
  const code = readText(`${dir}/procform/exit`);
  const pid = readText(`${dir}/supervise/pid`) ?? '';
  // runsv empties the pid file when the process ends, before it says so in stat.
  if (code === null) return state === 'run' && pid !== '' ? { state: 'up', pid } : { state: 'starting' };
  // It ended at least once since the start (and may be running again).
  if (state === 'down' && code === '0' && record.restart.policy !== 'always') return { state: 'finished' };
  const reason = code === '-1' ? 'exited (killed by a signal)' : `exited (exit code ${code})`;
  return existsSync(`${dir}/procform/failed`) ? { state: 'exited', reason, note: 'it will not be restarted' } : { state: 'exited', reason };
};

/** Waits until the service in `dir` is ready; resolves with null, or why it is not. */
const waitReady = async (dir: string, record: RunitService, logOffset: number): Promise<string | null> => {
  const gaveUp = (): boolean => existsSync(`${dir}/procform/failed`);
  const readiness = record.readiness;
  const timeoutMs = (readiness?.timeout ?? 60) * 1000;
  if (record.type === 'oneshot') {
    const ok = await until(() => readText(`${dir}/procform/exit`) === '0' || gaveUp() || (serviceState(dir) === 'down' && readText(`${dir}/procform/exit`) !== null), timeoutMs);
    const code = readText(`${dir}/procform/exit`);
    return ok && code === '0' ? null : `oneshot did not exit 0 (exit ${code ?? 'unknown'})`;
  }
  if (readiness === null) {
    const reason = await staysUp(async () => sighting(dir, record), { startTimeoutMs: 10_000 });
    // svlogd -tt puts a timestamp and a space in front of each line.
    return reason === null ? null : withLastLines(reason, [{ path: `${record.log.dir}/current`, stream: 'both', offset: logOffset }], /^\S+ /);
  }
  if (readiness.kind === 'log') {
    const pattern = new RegExp(readiness.pattern.source, readiness.pattern.flags.replace(/[gy]/g, ''));
    const state = { offset: logOffset, rest: '' };
    const ok = await until(() => gaveUp() || newLines(`${record.log.dir}/current`, state).some((line) => pattern.test(line)), timeoutMs);
    return ok && !gaveUp() ? null : `not ready within ${readiness.timeout} s (log probe)`;
  }
  const env = record.inheritPath && process.env['PATH'] !== undefined ? { ...record.environment, PATH: process.env['PATH'] } : record.environment;
  return new Promise((resolve) => {
    const owner = { name: record.instance, pid: () => Number(readText(`${dir}/supervise/pid`)) || null };
    const cancel = startProbe({ readiness, env, cwd: record.directory, account: checkAccount(record.user, record.group), subscribeLines: () => () => {}, notify: null, owner }, {
      onReady: () => { clearInterval(watch); resolve(null); },
      onTimeout: (reason) => { clearInterval(watch); resolve(reason); },
    });
    const watch = setInterval(() => {
      if (gaveUp()) {
        clearInterval(watch);
        cancel();
        resolve('gave up after too many restarts');
      }
    }, 100);
  });
};

const logSize = (record: RunitService): number => {
  try {
    return statSync(`${record.log.dir}/current`).size;
  } catch {
    return 0;
  }
};

/** Instances whose service runs now (a oneshot counts once it has exited 0). */
const running = async (settings: BuildSettings): Promise<ReadonlySet<string>> => {
  const { scanDir } = runitPaths(settings);
  const result = new Set<string>();
  for (const instance of listServices(scanDir)) {
    const dir = `${scanDir}/${instance}`;
    if (!runsvAlive(dir)) continue;
    const state = serviceState(dir);
    const record = readRecord(dir);
    const oneshot = !(record instanceof RecordFileError) && record.type === 'oneshot';
    if (state === 'run' || (oneshot && readText(`${dir}/procform/exit`) === '0')) result.add(instance);
  }
  return result;
};

const apply = async (plan: Plan, previous: ActivationGeneration | null, next: ActivationGeneration | null, events?: ActivationEvents): Promise<ActivationResult> => {
  const settings = (next ?? previous)?.settings;
  if (settings === undefined) return { failed: [] };
  const paths = runitPaths(settings);
  mkdirSync(paths.scanDir, { recursive: true });
  mkdirSync(paths.stagingDir, { recursive: true });

  const dependedOn = new Map((previous?.units ?? []).map((unit) => [unit.instance, unit.dependencies]));
  const stopFailures = await stopInOrder(plan.stop, (instance) => dependedOn.get(instance) ?? [], async (instance) => {
    await stopService(`${paths.scanDir}/${instance}`);
    return null;
  }, events);

  const wanted = new Map((next?.units ?? []).map((unit) => [unit.instance, unit.entry]));
  for (const instance of listServices(paths.scanDir)) {
    const dir = `${paths.scanDir}/${instance}`;
    if (wanted.get(instance) !== entryOf(dir)) await retireService(dir, paths.trashDir);
  }
  for (const [instance, entry] of wanted) {
    if (!existsSync(`${paths.scanDir}/${instance}`)) installService(instance, entry, paths.scanDir, paths.stagingDir);
  }

  const startOne = async (instance: string): Promise<string | null> => {
    const dir = `${paths.scanDir}/${instance}`;
    // runsvdir scans every 5 s (and waits a second after a change in the current second).
    if (!(await until(() => runsvAlive(dir), 15_000))) return 'runsvdir did not pick up the service directory within 15 s (is the runit manager running?)';
    const record = readRecord(dir);
    if (record instanceof RecordFileError) return record.message;
    writeFileSync(`${dir}/procform/restarts`, '0\n');
    rmSync(`${dir}/procform/failed`, { force: true });
    // The run script removes it too, but only once runsv has read `sv up`: an exit code left
    // by an earlier run must not be taken for this one's.
    rmSync(`${dir}/procform/exit`, { force: true });
    const offset = logSize(record);
    const up = await sv(['up', dir]);
    if (up.code !== 0) return `sv up failed: ${up.output}`;
    return waitReady(dir, record, offset);
  };
  const dependenciesOf = new Map((next?.units ?? []).map((unit) => [unit.instance, unit.dependencies]));
  const failed = await startInOrder(plan.start, (instance) => dependenciesOf.get(instance) ?? [], startOne, events);
  return { failed: [...stopFailures, ...failed] };
};

/** The runit activator. */
export const activator: Activator = { running, apply };
