/**
 * `procform status` and `procform logs` of a runit deployment: `sv status` of each service
 * directory, what its `finish` script records (restarts in a row, a give-up, a oneshot's
 * exit), and svlogd's `current` files.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ActivationGeneration } from '../../deploy/activator.js';
import { lastLinesOf, selectLogFiles, showLogFiles, type LogFile } from '../log-files.js';
import type { DeployedProcessStatus, DeploymentStatus, LogOptions, LogSink } from '../../deploy/observation.js';
import { unknownProcess, upState } from '../status-rules.js';
import { runsvdirPid } from './manager.js';
import { sv } from './sv.js';
import { runitRecordFile, type RunitService } from './record.js';
import { readRecordFile } from '../../deploy/record-file.js';

const readRecord = (entry: string): RunitService => readRecordFile(entry, runitRecordFile);

const readText = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
};

/** svlogd's `-tt` prefix: a UTC time stamp and a space. */
const stripTimestamp = (line: string): string => line.replace(/^\d{4}-\d\d-\d\d_\d\d:\d\d:\d\d\.\d+ /, '');

const logFile = (record: RunitService): LogFile => ({ instance: record.instance, path: `${record.log.dir}/current`, stream: 'stdout', strip: stripTimestamp });

/** What `sv status DIR` says of the service itself (the part before "; run: log: …"). */
interface SvStatus {
  readonly word: string;
  readonly pid: number | null;
  readonly seconds: number;
}

/** Parses `run: DIR: (pid 123) 45s, normally down; …`; null when sv reports no status (`fail: …`, `warning: …`). */
export const parseSvStatus = (output: string, dir: string): SvStatus | null => {
  const match = /^(run|down|finish): (.*)$/.exec(output.split('\n')[0] ?? '');
  if (match === null || !match[2]!.startsWith(`${dir}: `)) return null;
  const rest = /^(?:\(pid (\d+)\) )?(\d+)s/.exec(match[2]!.slice(dir.length + 2));
  if (rest === null) return null;
  return { word: match[1]!, pid: rest[1] === undefined ? null : Number(rest[1]), seconds: Number(rest[2]) };
};

const serviceStatus = async (record: RunitService, entry: string, now: number): Promise<DeployedProcessStatus> => {
  const dir = record.serviceDir;
  const result = await sv(['status', dir]);
  const parsed = parseSvStatus(result.output, dir);
  if (parsed === null) return unknownProcess(record.instance, record.name, entry, `sv status: ${result.output || `exit ${result.code}`}; procform switch -P runit installs the service again`);
  const restarts = Number.parseInt(readText(`${dir}/procform/restarts`) ?? '0', 10);
  const base = { instance: record.instance, name: record.name, entry, restarts: Number.isInteger(restarts) ? restarts : 0, lastExit: null, lastLines: [] as string[] };
  if (parsed.word === 'run') return { ...base, ...upState(record.readiness !== null), pid: parsed.pid, since: now - parsed.seconds * 1000, reason: null };
  const down = { ...base, pid: null, since: null, ready: false };
  // The process ended and `finish` runs: it either restarts it after the backoff or gives up.
  if (parsed.word === 'finish') return { ...down, state: 'backoff', reason: null };
  if (existsSync(`${dir}/procform/failed`)) {
    return { ...down, state: 'failed', reason: `ended ${base.restarts} times in a row; runit does not restart it any more`, lastLines: lastLinesOf([logFile(record)]) };
  }
  const exit = record.type === 'oneshot' ? readText(`${dir}/procform/exit`) : null;
  // A stop runs `finish` too, which counts it as a restart: the count means nothing until the next start resets it.
  if (exit === null || exit === '') return { ...down, state: 'down', restarts: null, reason: null };
  const lastExit = { code: Number(exit), signal: null, at: now - parsed.seconds * 1000 };
  return exit === '0'
    ? { ...down, state: 'exited', ready: true, lastExit, reason: null }
    : { ...down, state: 'failed', lastExit, reason: `ended with exit code ${exit}`, lastLines: lastLinesOf([logFile(record)]) };
};

/** Every process of the deployed generation as runsv sees it. */
export const status = async (generation: ActivationGeneration): Promise<DeploymentStatus> => {
  const now = Date.now();
  const processes = await Promise.all(generation.units.map((unit) => serviceStatus(readRecord(unit.entry), unit.entry, now)));
  // runsv keeps no exit status; only a oneshot's is recorded, by its finish script.
  return { pid: runsvdirPid(generation.settings), processes, unknown: ['lastExit'] };
};

/** svlogd's `current` file of each service, without its time stamps (stdout and stderr share it). */
export const logs = (generation: ActivationGeneration, instance: string | null, options: LogOptions, onLine: LogSink): Promise<void> =>
  showLogFiles(selectLogFiles(generation, instance, (name) => [logFile(readRecord(generation.units.find((u) => u.instance === name)!.entry))]), options, onLine);
