/**
 * The supervisord activator: stops what the plan stops (explicitly, in order), makes the
 * include directory hold exactly the next generation's programs (`supervisorctl reread` +
 * `update`, which adds and removes groups but starts nothing: every program has
 * autostart=false), then starts the plan's processes in dependency order, waiting for
 * each one's readiness itself, since supervisord has no dependencies or readiness probes.
 * @module
 */
import { mkdirSync, readdirSync, readlinkSync, rmSync, symlinkSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Plan } from '../../deploy/plan-types.js';
import { startInOrder, stopInOrder } from '../../deploy/run-in-order.js';
import { checkAccount, startProbe, type LineListener } from '../../probes/readiness.js';
import { createStateDirs } from '../../system/state-dirs.js';
import { staysUp, type Sighting } from '../../deploy/stays-up.js';
import { fileSize, followLogLines, withLastLines } from '../log-lines.js';
import type { ActivationGeneration, ActivationResult, Activator } from '../../deploy/activator.js';
import type { BuildSettings } from '../../generation/settings.js';
import { rpc, supervisorctl, supervisordPaths, answers, type SupervisordPaths, type RpcResult } from './manager.js';
import { PROGRAM_FILE } from './translate.js';
import { supervisordRecordFile, type SupervisordEntry } from './record.js';
import { readRecordFile } from '../../deploy/record-file.js';

interface ProcessInfo {
  readonly name: string;
  readonly state: number;
  readonly statename: string;
  readonly pid: number;
  readonly exitstatus: number;
  readonly spawnerr: string;
}

const STARTING = 10;
const RUNNING = 20;
const BACKOFF = 30;
const EXITED = 100;
const FATAL = 200;

/** Reads what the activator keeps in an entry (procform.json). */
export const readEntry = (entry: string): SupervisordEntry => readRecordFile(entry, supervisordRecordFile);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const okOrFault = (result: RpcResult | undefined, what: string, tolerated: readonly number[] = []): void => {
  if (result === undefined) throw new Error(`${what}: no answer`);
  if ('fault' in result && !tolerated.includes(result.fault)) throw new Error(`${what}: ${result.message}`);
};

// Fault codes of supervisor.xmlrpc.Faults.
const BAD_NAME = 10;
const NOT_RUNNING = 70;
const ALREADY_STARTED = 60;

const allInfo = async (paths: SupervisordPaths): Promise<ProcessInfo[]> => {
  const [result] = await rpc(paths, [['supervisor.getAllProcessInfo', []]]);
  okOrFault(result, 'supervisord getAllProcessInfo');
  return (result as { ok: ProcessInfo[] }).ok;
};

const info = async (paths: SupervisordPaths, program: string): Promise<ProcessInfo | null> => {
  const [result] = await rpc(paths, [['supervisor.getProcessInfo', [program]]]);
  if (result === undefined || 'fault' in result) return null;
  return result.ok as ProcessInfo;
};

/** Entries currently linked into the include directory, by program name. */
const linkedEntries = (paths: SupervisordPaths): Map<string, SupervisordEntry> => {
  const found = new Map<string, SupervisordEntry>();
  let names: string[] = [];
  try {
    names = readdirSync(paths.includeDir);
  } catch {
    return found;
  }
  for (const name of names) {
    if (!name.endsWith('.conf')) continue;
    try {
      const entry = dirname(readlinkSync(join(paths.includeDir, name)));
      const parsed = readEntry(entry);
      found.set(parsed.program, parsed);
    } catch {
      // Not ours, or a dangling link: ignored.
    }
  }
  return found;
};

const isUp = (process: ProcessInfo, entry: SupervisordEntry | undefined): boolean =>
  process.state === STARTING || process.state === RUNNING || process.state === BACKOFF
  || (entry?.type === 'oneshot' && process.state === EXITED && process.exitstatus === 0);


/**
 * One look at a program told to start, for `staysUp`. supervisord's own startsecs is the
 * restart policy's resetAfter (30 s by default), far too long to wait for, so a program in
 * STARTING with one pid for the settle period counts as started.
 */
const sighting = (state: ProcessInfo | null, program: string): Sighting => {
  if (state === null) return { state: 'exited', reason: `supervisord does not know program ${program}` };
  switch (state.state) {
    case STARTING:
    case RUNNING:
      return state.pid > 0 ? { state: 'up', pid: state.pid } : { state: 'starting' };
    // supervisord's spawnerr says more than its exitstatus, which it does not update for an early exit.
    case BACKOFF:
      return { state: 'exited', reason: `exited (${state.spawnerr || `exit code ${state.exitstatus}`})`, note: 'supervisord restarts it' };
    case FATAL:
      return { state: 'exited', reason: `exited (${state.spawnerr || `exit code ${state.exitstatus}`})`, note: 'supervisord gave up on it' };
    case EXITED:
      return state.exitstatus === 0 ? { state: 'finished' } : { state: 'exited', reason: `exited (exit code ${state.exitstatus})` };
    default:
      return { state: 'starting' };
  }
};

/** Waits until the started program is ready, failed, or timed out; null means ready. */
const waitReady = async (paths: SupervisordPaths, entry: SupervisordEntry, subscribeLines: (listener: LineListener) => () => void, logOffsets: { stdout: number; stderr: number }): Promise<string | null> => {
  if (entry.readiness === null && entry.type !== 'oneshot') {
    const reason = await staysUp(async () => sighting(await info(paths, entry.program), entry.program), { startTimeoutMs: 60_000 });
    return reason === null ? null : withLastLines(reason, (['stdout', 'stderr'] as const).map((stream) => ({ path: entry.logs[stream], stream, offset: logOffsets[stream] })));
  }
  let probeOutcome: string | null | undefined;
  let cancel = (): void => {};
  const readiness = entry.readiness;
  if (readiness !== null && entry.type !== 'oneshot') {
    cancel = startProbe(
      {
        readiness, env: entry.environment, cwd: entry.directory, account: checkAccount(entry.user, entry.group), subscribeLines, notify: null,
        owner: { name: entry.instance, pid: async () => ((await info(paths, entry.program))?.pid || null) },
      },
      { onReady: () => { probeOutcome = null; }, onTimeout: (reason) => { probeOutcome = reason; } },
    );
  }
  const deadline = Date.now() + ((readiness?.timeout ?? 60) * 1000);
  try {
    for (;;) {
      const state = await info(paths, entry.program);
      if (state === null) return `supervisord does not know program ${entry.program}`;
      if (state.state === FATAL) return `supervisord gave up starting it (FATAL${state.spawnerr ? `: ${state.spawnerr}` : ''})`;
      if (entry.type === 'oneshot') {
        if (state.state === EXITED) return state.exitstatus === 0 ? null : `it exited with code ${state.exitstatus}`;
      } else if (probeOutcome !== undefined) {
        return probeOutcome;
      }
      if (state.state === EXITED && entry.type !== 'oneshot') return `it exited with code ${state.exitstatus} before it was ready`;
      if (Date.now() > deadline + 1000) return `not ready within ${readiness?.timeout ?? 60} s`;
      await sleep(100);
    }
  } finally {
    cancel();
  }
};

/** Makes the include directory hold exactly `next`'s programs, then lets supervisord reread it. */
const syncIncludeDir = async (paths: SupervisordPaths, next: ActivationGeneration | null): Promise<void> => {
  mkdirSync(paths.includeDir, { recursive: true });
  const wanted = new Map<string, string>();
  for (const unit of next?.units ?? []) wanted.set(`${readEntry(unit.entry).program}.conf`, join(unit.entry, PROGRAM_FILE));
  for (const name of readdirSync(paths.includeDir)) {
    if (name.endsWith('.conf') && !wanted.has(name)) rmSync(join(paths.includeDir, name), { force: true });
  }
  for (const [name, target] of wanted) {
    const path = join(paths.includeDir, name);
    let current: string | null = null;
    try {
      current = readlinkSync(path);
    } catch {
      current = null;
    }
    if (current === target) continue;
    const temporary = `${path}.new`;
    rmSync(temporary, { force: true });
    symlinkSync(target, temporary);
    renameSync(temporary, path);
  }
  await supervisorctl(paths, ['reread']);
  await supervisorctl(paths, ['update']);
};

const entryOf = (generation: ActivationGeneration | null, instance: string): SupervisordEntry | null => {
  const unit = generation?.units.find((u) => u.instance === instance);
  return unit === undefined ? null : readEntry(unit.entry);
};

const notRunningMessage = (paths: SupervisordPaths): string =>
  `supervisord is not running (no answer on ${paths.socket}); start it with \`procform manager start supervisord\``;

/** The activator. */
export const activator: Activator = {
  async running(settings: BuildSettings) {
    const paths = supervisordPaths(settings);
    if (!(await answers(paths))) return new Set<string>();
    const entries = linkedEntries(paths);
    const up = new Set<string>();
    for (const process of await allInfo(paths)) {
      const entry = entries.get(process.name);
      if (entry !== undefined && isUp(process, entry)) up.add(entry.instance);
    }
    return up;
  },

  async apply(plan: Plan, previous, next, events): Promise<ActivationResult> {
    const settings = (next ?? previous)?.settings;
    if (settings === undefined) return { failed: [] };
    const paths = supervisordPaths(settings);
    if (!(await answers(paths))) throw new Error(notRunningMessage(paths));
    const linked = linkedEntries(paths);
    const byInstance = new Map([...linked.values()].map((entry) => [entry.instance, entry]));

    const dependedOn = new Map((previous?.units ?? []).map((unit) => [unit.instance, unit.dependencies]));
    const stopFailures = await stopInOrder(plan.stop, (instance) => dependedOn.get(instance) ?? [], async (instance) => {
      const entry = entryOf(previous, instance) ?? byInstance.get(instance) ?? null;
      if (entry === null) return null;
      const [result] = await rpc(paths, [['supervisor.stopProcess', [entry.program, true]]]);
      okOrFault(result, `stopping ${instance}`, [BAD_NAME, NOT_RUNNING]);
      return null;
    }, events);

    try {
      await syncIncludeDir(paths, next);
    } catch (error) {
      // supervisord refuses a whole reread for one bad program (a user that does not exist):
      // nothing of the new generation starts, and the way back puts the old programs back.
      const reason = `supervisord did not take the new programs: ${(error as Error).message}`;
      return { failed: [...stopFailures, ...plan.start.map((instance) => ({ instance, reason }))] };
    }

    const isRoot = process.getuid?.() === 0;
    const entries = new Map(plan.start.flatMap((instance) => {
      const entry = entryOf(next, instance);
      return entry === null ? [] : [[instance, entry] as const];
    }));
    const startOne = async (instance: string): Promise<string | null> => {
      const entry = entries.get(instance)!;
      await createStateDirs(entry.stateDirs, isRoot);
      mkdirSync(dirname(entry.logs.stdout), { recursive: true });
      mkdirSync(dirname(entry.logs.stderr), { recursive: true });
      const offsets = { stdout: fileSize(entry.logs.stdout), stderr: fileSize(entry.logs.stderr) };
      const follower = followLogLines((['stdout', 'stderr'] as const).map((stream) => ({ path: entry.logs[stream], stream, offset: offsets[stream] })));
      const [result] = await rpc(paths, [['supervisor.startProcess', [entry.program, false]]]);
      okOrFault(result, `starting ${instance}`, [ALREADY_STARTED]);
      return waitReady(paths, entry, follower, offsets);
    };
    const dependenciesOf = new Map((next?.units ?? []).map((unit) => [unit.instance, unit.dependencies]));
    const failed = await startInOrder([...entries.keys()], (instance) => dependenciesOf.get(instance) ?? [], startOne, events);
    return { failed: [...stopFailures, ...failed] };
  },
};
