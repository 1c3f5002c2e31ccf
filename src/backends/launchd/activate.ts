/**
 * The launchd activator. launchd itself is the manager (no ManagerControl): the activator
 * copies each job's property list into `${libDir}/procform/managers/launchd/` and loads
 * it with `launchctl bootstrap <domain> <plist>`; it stops jobs with
 * `launchctl bootout <domain>/<label>`. The domain is `system` as root, else `gui/<uid>`.
 * `launchctl` is the one found on PATH.
 *
 * launchd has no dependency ordering and no readiness: the activator bootstraps jobs in
 * the plan's order (dependencies first), runs each job's `bin/prestart` (state
 * directories, `initialize`) just before, and waits for the job's readiness with
 * procform's probes before it bootstraps a dependent.
 * @module
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ActivationResult, Activator } from '../../deploy/activator.js';
import type { BuildSettings } from '../../generation/settings.js';
import type { Plan } from '../../deploy/plan-types.js';
import { startInOrder, stopInOrder } from '../../deploy/run-in-order.js';
import { probeWhileUp } from '../probe-while-up.js';
import { checkAccount } from '../../probes/readiness.js';
import { byInstance } from '../activation-files.js';
import { fileSize, followLogLines } from '../log-lines.js';
import { runCommand, type CommandResult } from '../run-command.js';
import { PRESTART_FILE, plistPath } from './render.js';
import { LABEL_PREFIX } from './translate.js';
import { launchdRecordFile, type LaunchdJob } from './record.js';
import { parseRecordFile, readRecordFile } from '../../deploy/record-file.js';

/** Where the installed property lists live. */
export const managerDir = (settings: BuildSettings): string => `${settings.libDir}/procform/managers/launchd`;

/** The launchd domain procform uses: the system domain as root, else the user's GUI domain. */
export const launchdDomain = (): string => {
  const uid = process.getuid?.() ?? 0;
  return uid === 0 ? 'system' : `gui/${uid}`;
};

/** Outcome of a command. */
export type CommandRun = CommandResult;

const launchctl = (args: readonly string[], timeoutSeconds?: number): Promise<CommandRun> => runCommand('launchctl', args, { timeoutSeconds });

/** What `launchctl print <domain>/<label>` says about a job; null when it is not loaded. */
export interface JobState {
  readonly running: boolean;
  readonly lastExitCode: number | null;
}

/** Parses `launchctl print` output (`state = running`, `pid = N`, `last exit code = N`). */
export const parseJobState = (output: string): JobState => {
  const state = /^\s*state = (.+)$/m.exec(output)?.[1]?.trim();
  const pid = /^\s*pid = (\d+)/m.exec(output)?.[1];
  const exit = /^\s*last exit code = (-?\d+)/m.exec(output)?.[1];
  return { running: state === 'running' || (state === undefined && pid !== undefined), lastExitCode: exit === undefined ? null : Number(exit) };
};

/** The job's state, or null when launchd has not loaded it. */
export const jobState = async (label: string): Promise<JobState | null> => {
  const run = await launchctl(['print', `${launchdDomain()}/${label}`], 30);
  return run.code === 0 ? parseJobState(run.stdout) : null;
};

/** Reads the record of an entry. */
export const entryJob = (entry: string): LaunchdJob => readRecordFile(entry, launchdRecordFile);

/** A job with the entry it comes from. */
const jobOf = (entry: string): { entry: string; job: LaunchdJob } => ({ entry, job: entryJob(entry) });

/** The property lists installed in the manager directory, by label, with their records. */
export const installedJobs = (settings: BuildSettings): Map<string, { plist: string; job: LaunchdJob | null }> => {
  const dir = managerDir(settings);
  const found = new Map<string, { plist: string; job: LaunchdJob | null }>();
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir).sort()) {
    if (!name.startsWith(LABEL_PREFIX) || !name.endsWith('.plist')) continue;
    const label = name.slice(0, -'.plist'.length);
    // The record copied next to the list; a job without a readable one is still removed by a switch.
    let job: LaunchdJob | null = null;
    try {
      const path = join(dir, `${label}.json`);
      job = parseRecordFile(path, readFileSync(path, 'utf8'), launchdRecordFile);
    } catch {
      job = null;
    }
    found.set(label, { plist: join(dir, name), job });
  }
  return found;
};

/** Copies `from` to `to` atomically (launchd wants a regular file, not a link into the store). */
const copyAtomically = (from: string, to: string): void => {
  const temporary = `${to}.procform-new`;
  copyFileSync(from, temporary);
  renameSync(temporary, to);
};

const sameContent = (a: string, b: string): boolean => {
  try {
    return readFileSync(a).equals(readFileSync(b));
  } catch {
    return false;
  }
};

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for a started job: a oneshot until it exits with 0, a longrun until its readiness probe passes. */
const waitForJob = async (job: LaunchdJob): Promise<string | null> => {
  const label = job.plist.Label;
  const timeout = job.readiness?.timeout ?? 60;
  if (job.type === 'oneshot') {
    const deadline = Date.now() + timeout * 1000;
    for (;;) {
      const state = await jobState(label);
      if (state === null) return `${label} is not loaded after bootstrap`;
      if (!state.running && state.lastExitCode !== null) {
        return state.lastExitCode === 0 ? null : `${label} exited with ${state.lastExitCode} (see ${job.plist.StandardErrorPath})`;
      }
      if (Date.now() > deadline) return `${label} did not finish within ${timeout} s`;
      await delay(250);
    }
  }
  const readiness = job.readiness;
  if (readiness === null) {
    return (await jobState(label)) === null ? `${label} is not loaded after bootstrap` : null;
  }
  return probeWhileUp(
    { readiness, env: job.plist.EnvironmentVariables, cwd: job.plist.WorkingDirectory ?? null, account: checkAccount(job.plist.UserName ?? null, job.plist.GroupName ?? null), subscribeLines: followLogLines([
      { path: job.plist.StandardOutPath, stream: 'stdout', offset: fileSize(job.plist.StandardOutPath) },
      { path: job.plist.StandardErrorPath, stream: 'stderr', offset: fileSize(job.plist.StandardErrorPath) },
    ]), notify: null },
    async () => ((await jobState(label)) === null ? `${label} was unloaded before it was ready` : null),
    1000,
  );
};


/** `launchctl bootout` of a job; null on success (or when it was not loaded). */
const bootout = async (label: string, exitTimeOut: number): Promise<string | null> => {
  const run = await launchctl(['bootout', `${launchdDomain()}/${label}`], exitTimeOut + 30);
  if (run.code === 0) return null;
  if ((await jobState(label)) === null) return null;
  return `launchctl bootout ${label} exited with ${run.code ?? 'a signal'}${run.stderr === '' ? '' : `: ${run.stderr}`}`;
};

/** Runs the entry's pre-start script, then bootstraps the job; null on success. */
const bootstrap = async (entry: string, job: LaunchdJob, plistFile: string): Promise<string | null> => {
  const label = job.plist.Label;
  mkdirSync(job.plist.StandardOutPath.slice(0, job.plist.StandardOutPath.lastIndexOf('/')) || '/', { recursive: true });
  mkdirSync(job.plist.StandardErrorPath.slice(0, job.plist.StandardErrorPath.lastIndexOf('/')) || '/', { recursive: true });
  const prestart = join(entry, PRESTART_FILE);
  if (existsSync(prestart)) {
    const run = await runCommand('/bin/sh', [prestart], { timeoutSeconds: (job.readiness?.timeout ?? 60) + 60 });
    if (run.code !== 0) return `the pre-start step of ${label} (state directories, initialize) exited with ${run.code ?? 'a signal'}${run.stderr === '' ? '' : `: ${run.stderr}`}`;
  }
  // A job that is loaded but not running (it exited, or launchd gave up on it) must be unloaded first.
  if ((await jobState(label)) !== null) {
    const problem = await bootout(label, job.plist.ExitTimeOut);
    if (problem !== null) return problem;
  }
  const run = await launchctl(['bootstrap', launchdDomain(), plistFile], 60);
  if (run.code !== 0) return `launchctl bootstrap ${label} exited with ${run.code ?? 'a signal'}${run.stderr === '' ? '' : `: ${run.stderr}`}`;
  return waitForJob(job);
};

/** The launchd activator. */
export const activator: Activator = {
  async running(settings) {
    const running = new Set<string>();
    for (const [label, { job }] of installedJobs(settings)) {
      if (job === null) continue;
      const state = await jobState(label);
      if (state !== null && (state.running || (job.type === 'oneshot' && state.lastExitCode === 0))) running.add(job.instance);
    }
    return running;
  },

  async apply(plan: Plan, previous, next, events): Promise<ActivationResult> {
    const settings = (next ?? previous)?.settings;
    if (settings === undefined) return { failed: [] };
    const failed: { instance: string; reason: string }[] = [];
    const dir = managerDir(settings);
    const old = byInstance(previous, jobOf, true);
    const installed = installedJobs(settings);
    const labelOf = (instance: string): { label: string; exitTimeOut: number } | null => {
      const job = old.get(instance)?.job ?? [...installed.values()].find((i) => i.job?.instance === instance)?.job;
      return job === undefined || job === null ? null : { label: job.plist.Label, exitTimeOut: job.plist.ExitTimeOut };
    };
    const dependedOn = new Map((previous?.units ?? []).map((unit) => [unit.instance, unit.dependencies]));
    failed.push(...await stopInOrder(plan.stop, (instance) => dependedOn.get(instance) ?? [], async (instance) => {
      const target = labelOf(instance);
      return target === null ? null : bootout(target.label, target.exitTimeOut);
    }, events));
    // Make the manager directory hold exactly next's jobs.
    const wanted = byInstance(next, jobOf);
    const wantedLabels = new Set([...wanted.values()].map(({ job }) => job.plist.Label));
    mkdirSync(dir, { recursive: true });
    for (const [label, { job }] of installed) {
      if (wantedLabels.has(label)) continue;
      // Obsolete and still loaded (it was not running, so it was not in the plan): unload it too.
      if ((await jobState(label)) !== null) {
        const problem = await bootout(label, job?.plist.ExitTimeOut ?? 10);
        if (problem !== null && job !== null) failed.push({ instance: job.instance, reason: problem });
      }
      rmSync(join(dir, `${label}.plist`), { force: true });
      rmSync(join(dir, `${label}.json`), { force: true });
    }
    for (const { entry, job } of wanted.values()) {
      const label = job.plist.Label;
      const target = join(dir, `${label}.plist`);
      const source = join(entry, plistPath(label));
      if (!sameContent(source, target)) copyAtomically(source, target);
      const recordTarget = join(dir, `${label}.json`);
      const recordSource = join(entry, launchdRecordFile.name);
      if (!sameContent(recordSource, recordTarget)) copyAtomically(recordSource, recordTarget);
    }
    const dependenciesOf = new Map((next?.units ?? []).map((unit) => [unit.instance, unit.dependencies]));
    failed.push(...await startInOrder(
      plan.start.filter((instance) => wanted.has(instance)),
      (instance) => dependenciesOf.get(instance) ?? [],
      (instance) => {
        const found = wanted.get(instance)!;
        return bootstrap(found.entry, found.job, join(dir, `${found.job.plist.Label}.plist`));
      },
      events,
    ));
    return { failed };
  },
};
