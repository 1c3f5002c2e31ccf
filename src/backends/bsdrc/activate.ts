/**
 * The bsdrc activator, like nix-processmgmt's nixproc-bsdrc-deploy: there is no daemon to
 * talk to, so it installs the rc.d scripts (symlinks into the store entries) into
 * `${libDir}/procform/managers/bsdrc/rc.d/`, writes `procform.rc.conf` next to it (the
 * `<name>_enable="YES"` lines and `local_startup`, for /etc/rc.conf to include), and runs
 * `service <name> onestop|onestart` in the plan's order (dependents stop first,
 * dependencies start first), waiting for readiness with procform's probes.
 *
 * Only meaningful on FreeBSD (`service` is service(8), found on PATH); generated and
 * checked, not run here.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ActivationGeneration, ActivationResult, Activator, BuildSettings } from '../backend.js';
import type { Plan } from '../../deploy/plan-types.js';
import { startProbe } from '../../supervisor/readiness.js';
import { fileSize, followLogLines } from '../log-lines.js';
import { runCommand, type CommandResult } from '../run-command.js';
import { quoteShell } from '../../render/shell.js';
import { RECORD_FILE, renderRcConf, scriptPath } from './render.js';
import type { BsdrcScript } from './translate.js';

/** Where the manager's files live. */
export const managerDir = (settings: BuildSettings): string => `${settings.libDir}/procform/managers/bsdrc`;
/** The directory of installed scripts (add it to `local_startup`). */
export const rcDir = (settings: BuildSettings): string => `${managerDir(settings)}/rc.d`;
/** The rc.conf fragment enabling the deployment. */
export const rcConfFile = (settings: BuildSettings): string => `${managerDir(settings)}/procform.rc.conf`;

/** A script and its record. */
export interface InstalledScript {
  readonly script: string;
  readonly record: BsdrcScript;
}

/** Reads the record of an entry. */
export const entryScript = (entry: string): InstalledScript => {
  const record = JSON.parse(readFileSync(join(entry, RECORD_FILE), 'utf8')) as BsdrcScript;
  return { script: join(entry, scriptPath(record.name)), record };
};

/** The installed scripts (links in rc.d whose entries have a record), by name. */
export const installedScripts = (settings: BuildSettings): Map<string, InstalledScript> => {
  const dir = rcDir(settings);
  const found = new Map<string, InstalledScript>();
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    try {
      const entry = dirname(dirname(dirname(realpathSync(join(dir, name)))));
      found.set(name, { script: join(dir, name), record: entryScript(entry).record });
    } catch {
      // Not a procform script: not ours to run.
    }
  }
  return found;
};

/** Outcome of a `service` run. */
export type ServiceRun = CommandResult;

/** Runs `service <name> <action>` (service(8) from PATH); resolves when it exits, since the daemon keeps its pipes. */
export const runService = (name: string, action: string, timeoutSeconds = 120): Promise<ServiceRun> =>
  runCommand('service', [name, action], { timeoutSeconds, until: 'exit' });

const isUp = async (record: BsdrcScript): Promise<boolean> => record.type === 'oneshot' || (await runService(record.name, 'onestatus', 30)).code === 0;

/** `service <name> onestart`, then readiness; resolves with why it failed, or null. */
export const startAndWait = async (record: BsdrcScript): Promise<string | null> => {
  const offset = fileSize(record.logFile);
  const started = await runService(record.name, 'onestart', (record.readiness?.timeout ?? 60) + 30);
  if (started.code !== 0) return `service ${record.name} onestart exited with ${started.code ?? 'a signal'}${started.output === '' ? '' : `: ${started.output}`}`;
  const readiness = record.readiness;
  if (readiness === null || record.type === 'oneshot') return null;
  return new Promise((resolve) => {
    let settled = false;
    let checking = false;
    const settle = (reason: string | null): void => {
      if (settled) return;
      settled = true;
      clearInterval(watch);
      cancel();
      resolve(reason);
    };
    const cancel = startProbe(
      { readiness, env: record.environment, cwd: record.directory, subscribeLines: followLogLines([{ path: record.logFile, stream: 'both', offset }]), notify: null },
      { onReady: () => settle(null), onTimeout: (reason) => settle(reason) },
    );
    const watch = setInterval(() => {
      if (checking) return;
      checking = true;
      void isUp(record).then((up) => {
        checking = false;
        if (!up) settle(`${record.name} exited before it was ready`);
      });
    }, 500);
  });
};

const replaceAtomically = (path: string, make: (temporary: string) => void): void => {
  const temporary = `${path}.procform-new`;
  rmSync(temporary, { force: true });
  make(temporary);
  renameSync(temporary, path);
};

/** The rc.conf fragment for a set of scripts: where they are, and each one enabled. */
export const deploymentRcConf = (settings: BuildSettings, scripts: readonly InstalledScript[]): string =>
  [
    '# Generated by procform (bsdrc backend). Include from /etc/rc.conf.',
    `local_startup="\${local_startup} "${quoteShell(rcDir(settings))}`,
    ...[...scripts].sort((a, b) => (a.record.name < b.record.name ? -1 : 1)).map((s) => renderRcConf(s.record).trimEnd()),
    '',
  ].join('\n');

/** Makes rc.d hold exactly `scripts`, and rewrites procform.rc.conf. */
export const installScripts = (settings: BuildSettings, scripts: readonly InstalledScript[]): void => {
  const dir = rcDir(settings);
  mkdirSync(dir, { recursive: true });
  const wanted = new Map(scripts.map((s) => [s.record.name, s]));
  for (const name of readdirSync(dir)) if (!wanted.has(name)) rmSync(join(dir, name), { force: true });
  for (const [name, s] of wanted) replaceAtomically(join(dir, name), (temporary) => symlinkSync(s.script, temporary));
  replaceAtomically(rcConfFile(settings), (temporary) => writeFileSync(temporary, deploymentRcConf(settings, scripts)));
};

const byInstance = (generation: ActivationGeneration | null, lenient = false): Map<string, InstalledScript> => {
  const scripts = new Map<string, InstalledScript>();
  for (const unit of generation?.units ?? []) {
    try {
      scripts.set(unit.instance, entryScript(unit.entry));
    } catch (error) {
      if (!lenient) throw error;
    }
  }
  return scripts;
};

/** The bsdrc activator. */
export const activator: Activator = {
  async running(settings) {
    const running = new Set<string>();
    for (const installed of installedScripts(settings).values()) {
      if (installed.record.type === 'longrun' && (await isUp(installed.record))) running.add(installed.record.instance);
    }
    return running;
  },

  async apply(plan: Plan, previous, next): Promise<ActivationResult> {
    const settings = (next ?? previous)?.settings;
    if (settings === undefined) return { failed: [] };
    const failed: { instance: string; reason: string }[] = [];
    const old = byInstance(previous, true);
    const installedNow = [...installedScripts(settings).values()];
    for (const instance of plan.stop) {
      const installed = old.get(instance) ?? installedNow.find((s) => s.record.instance === instance);
      if (installed === undefined) continue;
      const stopped = await runService(installed.record.name, 'onestop', installed.record.stopTimeout + 30);
      if (stopped.code !== 0) failed.push({ instance, reason: `service ${installed.record.name} onestop exited with ${stopped.code ?? 'a signal'}: ${stopped.output}` });
    }
    const wanted = byInstance(next);
    installScripts(settings, [...wanted.values()]);
    const down = new Set<string>();
    const dependenciesOf = new Map((next?.units ?? []).map((unit) => [unit.instance, unit.dependencies]));
    for (const instance of plan.start) {
      const installed = wanted.get(instance);
      if (installed === undefined) continue;
      const blocker = (dependenciesOf.get(instance) ?? []).find((dependency) => down.has(dependency));
      if (blocker !== undefined) {
        down.add(instance);
        failed.push({ instance, reason: `not started: its dependency ${blocker} did not come up` });
        continue;
      }
      const problem = await startAndWait(installed.record);
      if (problem !== null) {
        down.add(instance);
        failed.push({ instance, reason: problem });
      }
    }
    return { failed };
  },
};
