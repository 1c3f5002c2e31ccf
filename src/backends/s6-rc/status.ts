/**
 * `procform status` and `procform logs` of an s6-rc deployment: what s6-rc counts as up
 * (`s6-rc -a list`), s6-svstat of each longrun's live service directory, and s6-log's
 * `current` files.
 * @module
 */
import type { ActivationGeneration } from '../../deploy/activator.js';
import { selectLogFiles, showLogFiles } from '../log-files.js';
import type { DeployedProcessStatus, DeploymentStatus, LogOptions, LogSink } from '../../deploy/observation.js';
import { livePidFromFile } from '../process-facts.js';
import { svscanPid } from '../s6/manager.js';
import { logFile, serviceStatus } from '../s6/status.js';
import { readRecord } from './database.js';
import { activeServices } from './live.js';
import { s6rcPaths } from './manager.js';
import type { S6RcProcess } from './record.js';

/** A oneshot as s6-rc sees it: up once its `up` succeeded (a daemon's, while the daemon runs). */
const oneshotStatus = (record: S6RcProcess, entry: string, active: boolean): DeployedProcessStatus => {
  const base = { instance: record.settings.instance, name: record.name, entry, restarts: null, lastExit: null, lastLines: [], since: null };
  if (!active) return { ...base, state: 'down', pid: null, ready: false, reason: null };
  if (record.settings.mode !== 'daemon') return { ...base, state: 'exited', pid: null, ready: true, reason: null };
  const pid = livePidFromFile(record.settings.pidFile!);
  return pid === null
    ? { ...base, state: 'failed', pid: null, ready: false, reason: `the daemon of pid file ${record.settings.pidFile} is gone; s6-rc does not restart a oneshot` }
    : { ...base, state: 'ready', pid, ready: true, reason: null };
};

/** Every process of the deployed generation as s6-rc and s6-supervise see it. */
export const status = async (generation: ActivationGeneration): Promise<DeploymentStatus> => {
  const paths = s6rcPaths(generation.settings);
  const active = (await activeServices(paths)) ?? new Set<string>();
  const now = Date.now();
  const processes = await Promise.all(generation.units.map((unit) => {
    const record = readRecord(unit.entry, unit.instance);
    if (record.kind === 'oneshot') return oneshotStatus(record, unit.entry, active.has(record.name));
    const view = { wanted: active.has(`${record.name}-srv`), nativeReadiness: record.settings.notificationFd !== null, backend: 's6-rc' };
    return serviceStatus(`${paths.liveDir}/servicedirs/${record.name}-srv`, { ...record.settings, name: record.name }, unit.entry, now, view);
  }));
  return { pid: svscanPid(paths), processes, unknown: [] };
};

/** s6-log's `current` file of each process, without its timestamps (stdout and stderr share it). */
export const logs = (generation: ActivationGeneration, instance: string | null, options: LogOptions, onLine: LogSink): Promise<void> =>
  showLogFiles(selectLogFiles(generation, instance, (name) => {
    const unit = generation.units.find((u) => u.instance === name)!;
    return [logFile(readRecord(unit.entry, unit.instance).settings)];
  }), options, onLine);
