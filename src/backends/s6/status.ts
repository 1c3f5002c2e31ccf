/**
 * `procform status` and `procform logs` of an s6 deployment: `s6-svstat` for each service
 * directory, the restart count the `finish` script keeps, and s6-log's `current` files.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ActivationGeneration } from '../../deploy/activator.js';
import { lastLinesOf, selectLogFiles, showLogFiles, type LogFile } from '../log-files.js';
import type { DeployedExit, DeployedProcessStatus, DeploymentStatus, LogOptions, LogSink } from '../../deploy/observation.js';
import { endedState, unknownProcess, upState } from '../status-rules.js';
import { readRecord, WANTED_FILE } from './activate.js';
import { s6Paths, svscanPid, tool } from './manager.js';
import { RESTARTS_FILE } from './render.js';
import type { S6Service } from './record.js';

const FIELDS = ['up', 'wantedup', 'ready', 'pid', 'exitcode', 'signal', 'updownfor'] as const;

/** s6-log's `T` prefix: an ISO 8601 time and two spaces. */
const stripTimestamp = (line: string): string => line.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ {2}/, '');

/** The s6-log `current` file of a service, as `procform logs` reads it. */
export const logFile = (record: S6Service): LogFile => ({ instance: record.instance, path: `${record.log.directory}/current`, stream: 'stdout', strip: stripTimestamp });

/** Consecutive restarts the finish script counted since the last start procform made (0 before the first). */
const restartsOf = (dir: string): number => {
  try {
    const n = Number.parseInt(readFileSync(`${dir}/${RESTARTS_FILE}`, 'utf8').trim(), 10);
    return Number.isInteger(n) && n >= 0 ? n : 0;
  } catch {
    return 0;
  }
};

/** How a service directory is seen beyond what s6-svstat says. */
export interface ServiceView {
  /** Whether procform (or s6-rc) wants it up: a service down on purpose is `down`, not `failed`. */
  readonly wanted: boolean;
  /** Whether s6 learns of readiness (a notification fd), so `ready` means what it says. */
  readonly nativeReadiness: boolean;
  /** The backend's name, for the hint on a service s6 does not know. */
  readonly backend: string;
}

/** One service directory as `procform status` shows it. */
export const serviceStatus = async (dir: string, record: S6Service, entry: string, now: number, view: ServiceView): Promise<DeployedProcessStatus> => {
  const result = await tool('s6-svstat', ['-o', FIELDS.join(','), dir]);
  if (result.code !== 0) return unknownProcess(record.instance, record.name, entry, `s6-svstat: ${result.stderr.trim() || `exit ${result.code}`}; procform switch -P ${view.backend} installs the service again`);
  const [up, wantedUp, ready, pid, exitCode, signal, upDownFor] = result.stdout.trim().split(/\s+/);
  const since = now - Number(upDownFor) * 1000;
  const base = { instance: record.instance, name: record.name, entry, restarts: restartsOf(dir), lastLines: [] as string[] };
  if (up === 'true') {
    const state = view.nativeReadiness ? (ready === 'true' ? { state: 'ready' as const, ready: true } : { state: 'starting' as const, ready: false }) : upState(record.readiness !== null);
    return { ...base, ...state, pid: Number(pid), since, lastExit: null, reason: null };
  }
  const code = Number(exitCode);
  const lastExit: DeployedExit | null = signal !== undefined && signal !== 'NA' ? { code: null, signal, at: since } : code >= 0 ? { code, signal: null, at: since } : null;
  const down = { ...base, pid: null, since: null, ready: false, lastExit };
  // s6 will run it again: the finish script is waiting out the backoff.
  if (wantedUp === 'true') return { ...down, state: 'backoff', reason: null };
  // A stop runs `finish` too, which counts it as a restart: the count means nothing until the next start resets it.
  if (!view.wanted) return { ...down, state: 'down', restarts: null, reason: null };
  const ended = endedState(lastExit);
  return { ...down, ...ended, ready: ended.state === 'exited', lastLines: ended.state === 'failed' ? lastLinesOf([logFile(record)]) : [] };
};

/** Every process of the deployed generation as s6-supervise sees it. */
export const status = async (generation: ActivationGeneration): Promise<DeploymentStatus> => {
  const paths = s6Paths(generation.settings);
  const now = Date.now();
  const processes = await Promise.all(generation.units.map((unit) => {
    const dir = `${paths.scanDir}/${unit.instance}`;
    const record = readRecord(unit.entry);
    return serviceStatus(dir, record, unit.entry, now, { wanted: existsSync(`${dir}/${WANTED_FILE}`), nativeReadiness: record.readiness?.kind === 'notify', backend: 's6' });
  }));
  return { pid: svscanPid(paths), processes, unknown: [] };
};

/** s6-log's `current` file of each service, without its timestamps (stdout and stderr share it). */
export const logs = (generation: ActivationGeneration, instance: string | null, options: LogOptions, onLine: LogSink): Promise<void> =>
  showLogFiles(selectLogFiles(generation, instance, (name) => [logFile(readRecord(generation.units.find((u) => u.instance === name)!.entry))]), options, onLine);
