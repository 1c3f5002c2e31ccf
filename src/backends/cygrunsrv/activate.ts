/**
 * The cygrunsrv activator: installs, starts, stops and removes Windows services through the
 * `cygrunsrv` found on PATH. A service's configuration lives in the registry once
 * installed, so a changed process is removed and installed again. What is installed is
 * recorded as links `${libDir}/procform/managers/cygrunsrv/services/<service>` to the
 * store entries. Readiness is waited for with procform's probes (cygrunsrv has none).
 * Written for Cygwin; tested here only with a recording stand-in for cygrunsrv.
 * @module
 */
import { existsSync, mkdirSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ActivationResult, Activator } from '../../deploy/activator.js';
import type { BuildSettings } from '../../generation/settings.js';
import type { Plan } from '../../deploy/plan-types.js';
import { startInOrder, stopInOrder } from '../../deploy/run-in-order.js';
import { startProbe } from '../../probes/readiness.js';
import { fileSize, followLogLines } from '../log-lines.js';
import { runCommand, type CommandResult } from '../run-command.js';
import { byInstance, linkAtomically } from '../activation-files.js';
import { INSTALL_SCRIPT, REMOVE_SCRIPT } from './render.js';
import { cygrunsrvRecordFile, type CygrunsrvService } from './record.js';
import { readRecordFile } from '../../deploy/record-file.js';

/** Where the installed-services links live. */
export const servicesDir = (settings: BuildSettings): string => `${settings.libDir}/procform/managers/cygrunsrv/services`;

interface Installed {
  readonly entry: string;
  readonly record: CygrunsrvService;
}

const readEntry = (entry: string): Installed => ({ entry, record: readRecordFile(entry, cygrunsrvRecordFile) });

/** Installed services by service name. */
export const installedServices = (settings: BuildSettings): Map<string, Installed> => {
  const dir = servicesDir(settings);
  const found = new Map<string, Installed>();
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    try {
      found.set(name, readEntry(readlinkSync(join(dir, name))));
    } catch {
      // Not a service procform installed.
    }
  }
  return found;
};

type Run = CommandResult;

/** Runs a command to completion, collecting its output. */
const run = (command: string, args: readonly string[], timeoutSeconds = 120): Promise<Run> =>
  runCommand(command, args, { timeoutSeconds });

const describe = (what: string, result: Run): string => `${what} exited with ${result.code ?? 'a signal'}${result.output === '' ? '' : `: ${result.output}`}`;

/** True when `cygrunsrv --query` reports the service running. */
const isRunning = async (serviceName: string): Promise<boolean> => {
  const result = await run('cygrunsrv', ['--query', serviceName], 30);
  return result.code === 0 && /^Current State\s*:\s*Running\s*$/m.test(result.output);
};

/** Starts a service and waits for its readiness; resolves with why it failed, or null. */
const startAndWait = async (record: CygrunsrvService): Promise<string | null> => {
  const follow = followLogLines([
    { path: record.stdout, stream: 'stdout', offset: fileSize(record.stdout) },
    { path: record.stderr, stream: 'stderr', offset: fileSize(record.stderr) },
  ]);
  const started = await run('cygrunsrv', ['--start', record.serviceName], (record.readiness?.timeout ?? 60) + 60);
  if (started.code !== 0) return describe(`cygrunsrv --start ${record.serviceName}`, started);
  const readiness = record.readiness;
  if (readiness === null) return null;
  return new Promise((resolve) => {
    // The probe frees its own timers when it settles.
    startProbe(
      // Windows has no setpriv, and procform is not root there: checks run as the caller.
      { readiness, env: record.environment, cwd: record.directory, account: null, subscribeLines: follow, notify: null },
      {
        onReady: () => resolve(null),
        onTimeout: (reason) => {
          resolve(`${record.serviceName}: ${reason} (see ${record.stdout}, ${record.stderr})`);
        },
      },
    );
  });
};



/** The cygrunsrv activator. */
export const activator: Activator = {
  async running(settings) {
    const running = new Set<string>();
    for (const installed of installedServices(settings).values()) {
      if (await isRunning(installed.record.serviceName)) running.add(installed.record.instance);
    }
    return running;
  },

  async apply(plan: Plan, previous, next, events): Promise<ActivationResult> {
    const settings = (next ?? previous)?.settings;
    if (settings === undefined) return { failed: [] };
    const failed: { instance: string; reason: string }[] = [];
    const dir = servicesDir(settings);
    mkdirSync(dir, { recursive: true });
    const installed = installedServices(settings);
    const old = byInstance(previous, readEntry, true);
    const findOld = (instance: string): Installed | undefined =>
      old.get(instance) ?? [...installed.values()].find((i) => i.record.instance === instance);

    // 1. Stop, dependents first.
    const dependedOn = new Map((previous?.units ?? []).map((unit) => [unit.instance, unit.dependencies]));
    failed.push(...await stopInOrder(plan.stop, (instance) => dependedOn.get(instance) ?? [], async (instance) => {
      const service = findOld(instance);
      if (service === undefined) return null;
      const stopped = await run('cygrunsrv', ['--stop', service.record.serviceName], 60);
      return stopped.code === 0 ? null : describe(`cygrunsrv --stop ${service.record.serviceName}`, stopped);
    }, events));

    // 2. Remove services that are gone or changed (their settings live in the registry).
    const wanted = byInstance(next, readEntry);
    const wantedByService = new Map([...wanted.values()].map((w) => [w.record.serviceName, w]));
    const stale = [...installed.entries()].filter(([name, i]) => wantedByService.get(name)?.entry !== i.entry);
    const stopRank = (i: Installed): number => {
      const rank = plan.stop.indexOf(i.record.instance);
      return rank < 0 ? plan.stop.length : rank;
    };
    stale.sort((a, b) => stopRank(a[1]) - stopRank(b[1]));
    for (const [name, service] of stale) {
      const script = join(service.entry, REMOVE_SCRIPT);
      const removed = existsSync(script) ? await run(script, [], 120) : await run('cygrunsrv', ['--remove', name], 120);
      if (removed.code !== 0) failed.push({ instance: service.record.instance, reason: describe(`removing ${name}`, removed) });
      rmSync(join(dir, name), { force: true });
      installed.delete(name);
    }

    // 3. Install the new and changed ones, dependencies first.
    const notInstalled = new Map<string, string>();
    for (const unit of next?.units ?? []) {
      const service = wanted.get(unit.instance)!;
      if (installed.has(service.record.serviceName)) continue;
      const result = await run(join(service.entry, INSTALL_SCRIPT), [], 120);
      if (result.code !== 0) {
        notInstalled.set(unit.instance, describe(`installing ${service.record.serviceName}`, result));
        continue;
      }
      linkAtomically(service.entry, join(dir, service.record.serviceName));
    }

    // 4. Start, each once its dependencies came up; one that was not installed fails its dependents.
    const dependenciesOf = new Map((next?.units ?? []).map((unit) => [unit.instance, unit.dependencies]));
    const toStart = plan.start.filter((instance) => wanted.has(instance));
    failed.push(...await startInOrder(
      [...[...notInstalled.keys()].filter((instance) => !toStart.includes(instance)), ...toStart],
      (instance) => dependenciesOf.get(instance) ?? [],
      (instance) => {
        const problem = notInstalled.get(instance);
        return problem !== undefined ? Promise.resolve(problem) : startAndWait(wanted.get(instance)!.record);
      },
      events,
    ));
    return { failed };
  },
};
