/**
 * The s6-rc activator. A switch stops what the plan stops (`s6-rc -d change`), compiles the
 * next generation's database and moves the live state to it (`s6-rc-init` the first time,
 * `s6-rc-update` after that: the services the plan leaves alone keep running, with their
 * pids), then starts what the plan starts (`s6-rc -u change`), one change at a time, since
 * s6-rc locks its live state for the length of a change. s6-rc waits for readiness itself
 * (the notification fd, fed by the process or by s6-notifyoncheck); the rest of a start's
 * wait is in start.ts.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DeployError } from '../../errors.js';
import { startInOrder, stopInOrder } from '../../deploy/run-in-order.js';
import type { ActivationGeneration, ActivationOptions, ActivationResult, Activator } from '../../deploy/activator.js';
import type { BuildSettings } from '../../generation/settings.js';
import { livePidFromFile } from '../process-facts.js';
import { svscanPid, tool } from '../s6/manager.js';
import { status } from '../s6/svstat.js';
import { compiledDatabase, databaseServices, liveDatabase, readRecord, removeOtherDatabases } from './database.js';
import { activeServices, DEFAULT_TIMEOUT_MS, s6rc } from './live.js';
import { s6rcPaths, type S6RcPaths } from './manager.js';
import { failure, startOne } from './start.js';
import type { S6RcProcess } from './record.js';

const running = async (settings: BuildSettings): Promise<ReadonlySet<string>> => {
  const paths = s6rcPaths(settings);
  const active = await activeServices(paths);
  const instances = new Set<string>();
  if (active === null) return instances;
  for (const [name, service] of Object.entries(databaseServices(liveDatabase(paths.liveDir)!))) {
    if (service.kind === 'oneshot') {
      // A daemon's oneshot is up while the daemon it started is; a plain oneshot once it has run.
      if (active.has(name) && (service.pidFile === null || livePidFromFile(service.pidFile) !== null)) instances.add(service.instance);
      continue;
    }
    if (!active.has(`${name}-srv`)) continue;
    // s6-rc still counts a longrun up after s6-supervise gave up on it: ask s6.
    const s = await status(`${paths.liveDir}/servicedirs/${name}-srv`);
    if (s !== null && (s.up || (service.restart !== 'always' && !s.wantedUp && s.exitCode === 0))) instances.add(service.instance);
  }
  return instances;
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
