/**
 * The sysvinit activator. There is no daemon: the activator runs the init scripts
 * itself, like nix-processmgmt's nixproc-sysvinit-deploy. Installed scripts are symlinks
 * `${libDir}/procform/managers/sysvinit/init.d/<name>` to the scripts in the store
 * entries, plus an rc.d link farm (`rc<N>.d/S<seq><name>`, `K<seq><name>`) made from each
 * script's runlevels and sequence numbers. Readiness is waited for here, with procform's
 * probes, since sysvinit has none.
 * @module
 */
import { mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ActivationResult, Activator } from '../../deploy/activator.js';
import type { BuildSettings } from '../../generation/settings.js';
import type { Plan } from '../../deploy/plan-types.js';
import { startInOrder, stopInOrder } from '../../deploy/run-in-order.js';
import { probeWhileUp } from '../probe-while-up.js';
import { checkAccount } from '../../probes/readiness.js';
import { byInstance, installedScripts as installedLinks, linkAtomically, type InstalledScript as Installed } from '../activation-files.js';
import { staysUp } from '../../deploy/stays-up.js';
import { fileSize, followLogLines, withLastLines } from '../log-lines.js';
import { runCommand, type CommandResult } from '../run-command.js';
import { scriptPath } from './render.js';
import { sysvinitRecordFile, type SysvinitScript } from './record.js';
import { readRecordFile } from '../../deploy/record-file.js';

/** Where the manager's files live. */
export const managerDir = (settings: BuildSettings): string => `${settings.libDir}/procform/managers/sysvinit`;
/** The directory of installed scripts. */
export const initDir = (settings: BuildSettings): string => `${managerDir(settings)}/init.d`;

/** A script and its record. */
export type InstalledScript = Installed<SysvinitScript>;

/** Reads the record of an entry. */
export const entryScript = (entry: string): InstalledScript => {
  const record = readRecordFile(entry, sysvinitRecordFile);
  return { script: join(entry, scriptPath(record.name)), record };
};

/** The installed scripts (links in init.d whose targets have a record), by name. */
export const installedScripts = (settings: BuildSettings): Map<string, InstalledScript> =>
  installedLinks(initDir(settings), (target) => dirname(dirname(dirname(target))), (entry) => entryScript(entry).record);

/** Outcome of running a script. */
export type ScriptRun = CommandResult;

/** Runs `<script> <action>`; resolves when the script exits (daemons it leaves behind may keep its pipes). */
export const runScript = (script: string, action: string, timeoutSeconds = 120): Promise<ScriptRun> =>
  runCommand(script, [action], { timeoutSeconds, until: 'exit' });

/** True when the pid in the record's pid file is alive (for a oneshot: it succeeded). */
const isUp = async (installed: InstalledScript): Promise<boolean> => (await runScript(installed.script, 'status', 30)).code === 0;

const readPid = (file: string): string => {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
};

/** Starts one script and waits for its readiness; resolves with why it failed, or null. */
export const startAndWait = async (installed: InstalledScript): Promise<string | null> => {
  const { record, script } = installed;
  const logOffset = fileSize(record.logFile);
  const started = await runScript(script, 'start', (record.readiness?.timeout ?? 60) + record.stopTimeout + 30);
  if (started.code !== 0) return `${script} start exited with ${started.code ?? 'a signal'}${started.output === '' ? '' : `: ${started.output}`}`;
  const logs = [{ path: record.logFile, stream: 'both' as const, offset: logOffset }];
  if (record.type === 'oneshot') return (await isUp(installed)) ? null : withLastLines(`${record.name} failed (see ${record.logFile})`, logs);
  const readiness = record.readiness;
  if (readiness === null) {
    // Nothing restarts it here, so the pid in its pid file names the one process it is.
    const reason = await staysUp(async () => ((await isUp(installed)) ? { state: 'up', pid: readPid(record.pidFile) } : { state: 'exited', reason: 'exited' }));
    return reason === null ? null : withLastLines(`${record.name} ${reason} (see ${record.logFile})`, logs);
  }
  return probeWhileUp(
    { readiness, env: record.environment, cwd: record.directory, account: checkAccount(record.user, record.group), subscribeLines: followLogLines([{ path: record.logFile, stream: 'both', offset: logOffset }]), notify: null },
    async () => ((await isUp(installed)) ? null : `${record.name} exited before it was ready (see ${record.logFile})`),
  );
};

/** Makes init.d hold exactly `scripts` (name → script in the store), and rebuilds the rc.d link farm. */
export const installScripts = (settings: BuildSettings, scripts: readonly InstalledScript[]): void => {
  const dir = initDir(settings);
  mkdirSync(dir, { recursive: true });
  const wanted = new Map(scripts.map((s) => [s.record.name, s]));
  for (const name of readdirSync(dir)) if (!wanted.has(name)) rmSync(join(dir, name), { force: true });
  for (const [name, { script }] of wanted) {
    const path = join(dir, name);
    let current: string | null = null;
    try {
      current = readlinkSync(path);
    } catch {
      current = null;
    }
    if (current !== script) linkAtomically(script, path);
  }
  for (let level = 0; level <= 6; level++) {
    const rc = join(managerDir(settings), `rc${level}.d`);
    rmSync(rc, { recursive: true, force: true });
    mkdirSync(rc, { recursive: true });
    for (const [name, { record }] of wanted) {
      const starts = record.runlevels.includes(level);
      const sequence = String(starts ? record.startSequence : record.stopSequence).padStart(2, '0');
      symlinkSync(`../init.d/${name}`, join(rc, `${starts ? 'S' : 'K'}${sequence}${name}`));
    }
  }
};

/** The sysvinit activator. */
export const activator: Activator = {
  async running(settings) {
    const running = new Set<string>();
    for (const installed of installedScripts(settings).values()) {
      if (await isUp(installed)) running.add(installed.record.instance);
    }
    return running;
  },

  async apply(plan: Plan, previous, next, events): Promise<ActivationResult> {
    const settings = (next ?? previous)?.settings;
    if (settings === undefined) return { failed: [] };
    const failed: { instance: string; reason: string }[] = [];
    const old = byInstance(previous, entryScript, true);
    const installedNow = [...installedScripts(settings).values()];
    const dependedOn = new Map((previous?.units ?? []).map((unit) => [unit.instance, unit.dependencies]));
    failed.push(...await stopInOrder(plan.stop, (instance) => dependedOn.get(instance) ?? [], async (instance) => {
      const installed = old.get(instance) ?? installedNow.find((s) => s.record.instance === instance);
      if (installed === undefined) return null;
      const stopped = await runScript(installed.script, 'stop', installed.record.stopTimeout + 30);
      return stopped.code === 0 ? null : `${installed.script} stop exited with ${stopped.code ?? 'a signal'}: ${stopped.output}`;
    }, events));
    const wanted = byInstance(next, entryScript);
    installScripts(settings, [...wanted.values()]);
    const dependenciesOf = new Map((next?.units ?? []).map((unit) => [unit.instance, unit.dependencies]));
    failed.push(...await startInOrder(
      plan.start.filter((instance) => wanted.has(instance)),
      (instance) => dependenciesOf.get(instance) ?? [],
      (instance) => startAndWait(wanted.get(instance)!),
      events,
    ));
    return { failed };
  },
};
