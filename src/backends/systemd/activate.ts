/**
 * The systemd activator. Units go to the user manager's unit directory
 * (`$XDG_CONFIG_HOME/systemd/user`, else `~/.config/systemd/user`) in user mode
 * (PROCFORM_SYSTEMD_USER=1, or user change disabled), else to `/etc/systemd/system`.
 * It stops the plan's stops in order, makes the unit directory link exactly the next
 * generation's units (plus `procform.target`), `daemon-reload`s, then starts the plan's
 * starts in order, waiting for each: systemd's own readiness for oneshot and forking
 * units and for units whose `ready` script it runs (ExecStartPost=), procform's probes for
 * a log readiness that script cannot express.
 * @module
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Plan } from '../../deploy/plan-types.js';
import { startInOrder, stopInOrder } from '../../deploy/run-in-order.js';
import { checkAccount, startProbe } from '../../probes/readiness.js';
import type { ActivationGeneration, ActivationResult, Activator } from '../../deploy/activator.js';
import type { BuildSettings } from '../../generation/settings.js';
import { staysUp, type Sighting } from '../../deploy/stays-up.js';
import { fileSize, followLogLines, withLastLines } from '../log-lines.js';
import { renderTarget } from './render.js';
import { TARGET, userMode } from './translate.js';
import { systemdRecordFile, type SystemdActivation } from './record.js';
import { readRecordFile } from '../../deploy/record-file.js';

/** The unit directory of the manager procform deploys to. */
export const unitDir = (settings: Pick<BuildSettings, 'forceDisableUserChange'>): string =>
  userMode(settings)
    ? join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'systemd/user')
    : '/etc/systemd/system';

/** Runs systemctl (with --user in user mode); resolves to stdout, rejects with stderr. */
export const systemctl = (user: boolean, args: readonly string[], timeoutMs = 120_000): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile('systemctl', [...(user ? ['--user'] : []), ...args], { timeout: timeoutMs, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`systemctl ${args.join(' ')}: ${(stderr || error.message).trim()}`));
      else resolve(stdout);
    });
  });

const readEntry = (entry: string): SystemdActivation => readRecordFile(entry, systemdRecordFile);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Units linked into the unit directory from this store, by unit name. */
const linkedEntries = (dir: string, storeDir: string): Map<string, SystemdActivation> => {
  const found = new Map<string, SystemdActivation>();
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return found;
  }
  for (const name of names) {
    if (!name.startsWith('procform-') || !name.endsWith('.service')) continue;
    try {
      const target = readlinkSync(join(dir, name));
      if (!target.startsWith(`${storeDir}/`)) continue;
      found.set(name, readEntry(dirname(target)));
    } catch {
      // Not a link of ours.
    }
  }
  return found;
};

interface UnitState { readonly active: string; readonly sub: string; readonly result: string; readonly pid: number }

const unitState = async (user: boolean, unit: string): Promise<UnitState> => {
  const out = await systemctl(user, ['show', '-p', 'ActiveState,SubState,Result,MainPID', '--', unit]);
  const values = Object.fromEntries(out.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { active: values.ActiveState ?? '', sub: values.SubState ?? '', result: values.Result ?? '', pid: Number(values.MainPID ?? 0) };
};


/** One look at a unit told to start, for `staysUp`: systemd restarting it shows as activating/auto-restart. */
const sighting = (state: UnitState): Sighting => {
  if (state.active === 'active' || state.active === 'reloading') return state.pid > 0 ? { state: 'up', pid: state.pid } : { state: 'finished' };
  if (state.active === 'inactive' && state.result === 'success') return { state: 'finished' };
  if (state.active === 'activating' && state.sub !== 'auto-restart') return { state: 'starting' };
  return { state: 'exited', reason: `exited (${state.active}/${state.sub}, result ${state.result})` };
};

/** Starts a unit and waits until it is ready; null means ready, else why not. */
const startAndWait = async (user: boolean, entry: SystemdActivation): Promise<string | null> => {
  mkdirSync(dirname(entry.logs.stdout), { recursive: true });
  mkdirSync(dirname(entry.logs.stderr), { recursive: true });
  const offsets = { stdout: fileSize(entry.logs.stdout), stderr: fileSize(entry.logs.stderr) };
  const subscribe = followLogLines((['stdout', 'stderr'] as const).map((stream) => ({ path: entry.logs[stream], stream, offset: offsets[stream] })));
  await systemctl(user, ['reset-failed', '--', entry.unit]).catch(() => {});
  // A unit that waits for its own readiness (ExecStartPost=) is ready once it is started.
  const native = entry.readinessInUnit === true;
  const readiness = entry.type === 'oneshot' || native ? null : entry.readiness;
  let outcome: string | null | undefined;
  let cancel = (): void => {};
  if (readiness !== null) {
    cancel = startProbe(
      { readiness, env: entry.environment, cwd: entry.directory, account: checkAccount(entry.user, entry.group), subscribeLines: subscribe, notify: null },
      { onReady: () => { outcome = null; }, onTimeout: (reason) => { outcome = reason; } },
    );
  }
  try {
    // systemctl start waits for systemd's own readiness: exit of a oneshot, the pid file of a forking unit.
    try {
      await systemctl(user, ['start', '--', entry.unit], ((entry.readiness?.timeout ?? 90) + 30) * 1000);
    } catch (error) {
      const state = await unitState(user, entry.unit).catch(() => null);
      return `${(error as Error).message}${state ? ` (${state.active}/${state.sub}, result ${state.result})` : ''}`;
    }
    if (readiness === null && entry.type !== 'oneshot' && !native) {
      const reason = await staysUp(async () => sighting(await unitState(user, entry.unit)));
      return reason === null ? null : withLastLines(reason, (['stdout', 'stderr'] as const).map((stream) => ({ path: entry.logs[stream], stream, offset: offsets[stream] })));
    }
    const deadline = Date.now() + ((entry.readiness?.timeout ?? 90) + 1) * 1000;
    for (;;) {
      const state = await unitState(user, entry.unit);
      if (state.active === 'failed') return `it failed (${state.result})`;
      if (readiness === null) {
        if (state.active === 'active') return null;
      } else if (outcome !== undefined) {
        return outcome;
      }
      if (state.active === 'inactive') return `it stopped before it was ready (${state.result})`;
      if (Date.now() > deadline) return `not ready within ${readiness?.timeout ?? 90} s`;
      await sleep(100);
    }
  } finally {
    cancel();
  }
};

const replaceLink = (path: string, target: string): void => {
  try {
    if (readlinkSync(path) === target) return;
  } catch {
    // absent or not a link
  }
  const temporary = `${path}.procform-new`;
  rmSync(temporary, { force: true });
  symlinkSync(target, temporary);
  renameSync(temporary, path);
};

/** Makes the unit directory link exactly `next`'s units of this store, then reloads systemd. */
const syncUnitDir = async (user: boolean, dir: string, storeDir: string, next: ActivationGeneration | null): Promise<void> => {
  mkdirSync(dir, { recursive: true });
  const wanted = new Map<string, string>();
  for (const unit of next?.units ?? []) {
    const info = readEntry(unit.entry);
    wanted.set(info.unit, join(unit.entry, info.unit));
  }
  for (const name of linkedEntries(dir, storeDir).keys()) {
    if (!wanted.has(name)) rmSync(join(dir, name), { force: true });
  }
  for (const [name, target] of wanted) replaceLink(join(dir, name), target);
  const target = join(dir, TARGET);
  if (wanted.size > 0) writeFileSync(target, renderTarget(user, [...wanted.keys()]));
  else if (linkedEntries(dir, storeDir).size === 0 && readdirSync(dir).every((n) => !n.startsWith('procform-'))) rmSync(target, { force: true });
  await systemctl(user, ['daemon-reload']);
};

const entryOf = (generation: ActivationGeneration | null, instance: string): SystemdActivation | null => {
  const unit = generation?.units.find((u) => u.instance === instance);
  return unit === undefined ? null : readEntry(unit.entry);
};

/** The activator. */
export const activator: Activator = {
  async running(settings: BuildSettings) {
    const user = userMode(settings);
    const entries = linkedEntries(unitDir(settings), settings.storeDir);
    const up = new Set<string>();
    for (const [unit, entry] of entries) {
      const state = await unitState(user, unit).catch(() => null);
      if (state !== null && (state.active === 'active' || state.active === 'activating' || state.active === 'reloading')) up.add(entry.instance);
    }
    return up;
  },

  async apply(plan: Plan, previous, next, events): Promise<ActivationResult> {
    const settings = (next ?? previous)?.settings;
    if (settings === undefined) return { failed: [] };
    const user = userMode(settings);
    const dir = unitDir(settings);
    const byInstance = new Map([...linkedEntries(dir, settings.storeDir).values()].map((entry) => [entry.instance, entry]));

    const dependedOn = new Map((previous?.units ?? []).map((unit) => [unit.instance, unit.dependencies]));
    const stopFailures = await stopInOrder(plan.stop, (instance) => dependedOn.get(instance) ?? [], async (instance) => {
      const entry = entryOf(previous, instance) ?? byInstance.get(instance) ?? null;
      if (entry === null) return null;
      await systemctl(user, ['stop', '--', entry.unit]);
      await systemctl(user, ['reset-failed', '--', entry.unit]).catch(() => {});
      return null;
    }, events);

    await syncUnitDir(user, dir, settings.storeDir, next);

    const entries = new Map(plan.start.flatMap((instance) => {
      const entry = entryOf(next, instance);
      return entry === null ? [] : [[instance, entry] as const];
    }));
    const dependenciesOf = new Map((next?.units ?? []).map((unit) => [unit.instance, unit.dependencies]));
    const failed = await startInOrder(
      [...entries.keys()],
      (instance) => dependenciesOf.get(instance) ?? [],
      (instance) => startAndWait(user, entries.get(instance)!),
      events,
    );
    return { failed: [...stopFailures, ...failed] };
  },
};

/**
 * Enables (or disables) the deployment for boot: `procform.target`, which wants every unit
 * of the deployed generation, and those units, so the manager starts them by itself after a
 * reboot — which the original never did. Later switches keep the target's units current.
 */
export const setEnabled = async (settings: BuildSettings, enabled: boolean): Promise<void> => {
  const user = userMode(settings);
  const units = [...linkedEntries(unitDir(settings), settings.storeDir).keys()].sort();
  await systemctl(user, [enabled ? 'enable' : 'disable', '--', TARGET, ...units]);
};
