/**
 * `procform image-run` (hidden): the main process of a container image that runs procform,
 * under tini. With the embedded manager it runs procform's supervisor in the foreground
 * with its control socket, so `procform status`, `logs`, `restart` and `switch` work
 * inside the container. With another manager (mutable images) it starts that manager and
 * drives it through its activator, as `procform switch -P` does on a machine. An
 * immutable image runs the generation it was built with; a mutable one the profile's
 * current generation, or at its first start it deploys the model with the same steps as
 * `procform switch`. SIGTERM and SIGINT stop every process in reverse dependency order,
 * then it exits 0. When the processes do not come up at the start, it stops them all and
 * exits non-zero, so the container does not run half up.
 * @module
 */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import type { Backend } from '../../deploy/backend.js';
import { embedded } from '../../backends/embedded/index.js';
import { backendByName, DEFAULT_BACKEND } from '../../backends/registry.js';
import { DeployError, InputError } from '../../errors.js';
import { settingsOf } from '../../build/build.js';
import { resumeGeneration, stopGeneration } from '../../deploy/resume.js';
import type { ApplyResult, ProcessStatus } from '../../backends/embedded/control.js';
import { currentGeneration, type CurrentGeneration } from '../../deploy/profiles.js';
import type { BaseParams } from '../../model/evaluate.js';
import { readGeneration } from '../../generation/read.js';
import { LocalControl } from '../../supervisor/local-control.js';
import { supervisorPaths } from '../../backends/embedded/paths.js';
import { serveControl } from '../../supervisor/server.js';
import { Supervisor } from '../../supervisor/supervisor.js';
import { progressEvents } from '../switch-report.js';
import { ensureCredentials } from '../../deploy/credentials-step.js';
import { resolveParams } from '../params.js';
import { profileDir } from '../../deploy/profile-dir.js';
import { progress, type Progress } from '../progress.js';
import { runSwitch } from './switch.js';

/** How often a mutable image checks that its manager still runs. */
const MANAGER_CHECK_MS = 5000;

interface ImageRunOptions {
  readonly generation?: string;
}

/** States worth a line in the container's log. */
const SHOWN = new Set(['ready', 'failed', 'backoff', 'exited', 'down']);

/** One line per state a process reaches (not per pid or counter change). */
const announcer = (report: Progress): ((status: ProcessStatus) => void) => {
  const last = new Map<string, string>();
  return (status) => {
    if (last.get(status.instance) === status.state || !SHOWN.has(status.state)) return;
    const first = !last.has(status.instance);
    last.set(status.instance, status.state);
    if (status.state === 'down' && first) return;
    const detail = status.state === 'ready' && status.pid !== null ? ` (pid ${status.pid})`
      : status.state === 'failed' || status.state === 'backoff' ? ` (${status.reason ?? `last exit ${status.lastExit?.signal ?? status.lastExit?.code ?? '?'}`})` : '';
    report.step(`${status.instance} ${status.state === 'down' ? 'stopped' : status.state}${detail}`);
  };
};

/** Reports an apply; the failures as one line, or null when everything came up. */
const reportResult = (result: ApplyResult, report: Progress): string | null => {
  for (const f of result.failed) report.step(`${f.instance} did not come up: ${f.reason}`);
  if (result.failed.length === 0) report.done(`${result.started.length} processes up`);
  return result.failed.length === 0 ? null : result.failed.map((f) => `${f.instance}: ${f.reason}`).join('; ');
};

/** The error a container whose processes did not come up ends with (a non-zero exit). */
const notUp = (reasons: string): DeployError =>
  new DeployError(`the image's processes did not come up (${reasons}); every process was stopped`, false);

/**
 * Accounts of a generation that runs again: a container made anew on the old state volume
 * has lost the accounts its /etc held, so the missing ones are created again; when all are
 * there, nothing is run.
 */
const restoreAccounts = async (generation: CurrentGeneration, params: BaseParams, report: Progress, backend: string): Promise<void> => {
  await ensureCredentials({ target: generation.path, previous: generation.path, libDir: params.libDir, backend }, (text) => report.step(text));
};

/**
 * A mutable image's start: the current generation again, or the model's first deployment;
 * the failures, or null when everything came up.
 */
const deployMutable = async (backend: Backend, control: LocalControl, report: Progress): Promise<string | null> => {
  const params = resolveParams({}, {});
  const current = currentGeneration(profileDir(params.libDir, backend.name));
  if (current !== null && existsSync(current.path)) {
    report.step(`starting generation ${current.number} again`);
    await restoreAccounts(current, params, report, backend.name);
    return reportResult(await control.apply(current.path), report);
  }
  report.step('first start: deploying the model');
  // The same steps as `procform switch`, which reaches this supervisor through its socket; it throws when the model does not come up.
  await runSwitch({});
  return null;
};

/** Waits for SIGTERM or SIGINT (SIGHUP is ignored), then runs `stop` once. */
const onStopSignal = (stop: () => void): void => {
  let stopping = false;
  const once = (): void => {
    if (stopping) return;
    stopping = true;
    stop();
  };
  process.on('SIGTERM', once);
  process.on('SIGINT', once);
  process.on('SIGHUP', () => {});
};

/** Runs the image's supervisor, procform's own, in this process until it is stopped. */
const runSupervisor = async (backend: Backend, generation: string | undefined, report: Progress): Promise<void> => {
  const settings = generation !== undefined ? readGeneration(generation).settings : resolveParams({}, {});
  const supervisor = new Supervisor({ onChange: announcer(report) });
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => { finish = resolve; });
  // `procform down` inside the container ends it the same way as SIGTERM.
  const control = new LocalControl(supervisor, { onShutdown: () => finish() });
  const server = await serveControl(control, supervisorPaths(settings.runtimeDir, settings.logDir).socket);
  onStopSignal(() => {
    report.step('stopping every process in reverse dependency order');
    void control.shutdown();
  });
  let failure: string | null;
  try {
    failure = generation !== undefined ? reportResult(await control.apply(generation), report) : await deployMutable(backend, control, report);
  } catch (error) {
    failure = (error as Error).message;
  }
  if (failure !== null) {
    // A container half up looks healthy from outside: it ends instead, with a non-zero exit.
    report.step(`deployment failed: ${failure}; stopping every process`);
    void control.shutdown();
  }
  await finished;
  server.close();
  report.step('every process stopped');
  if (failure !== null) throw notUp(failure);
};

/** Runs another manager for a mutable image until it is stopped. */
const runWithActivator = async (backend: Backend, report: Progress): Promise<void> => {
  const params = resolveParams({}, {});
  const settings = settingsOf(params);
  if (backend.activator === undefined) throw new InputError(`the ${backend.name} backend only generates files; an image cannot run it`);
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => { finish = resolve; });
  let stopping = false;
  let managerGone = false;
  // Keeps the process alive, and ends the container when the manager ends on its own.
  const watch = setInterval(() => {
    void backend.manager?.isRunning(settings).then((running) => {
      if (running || stopping) return;
      managerGone = true;
      finish();
    });
  }, MANAGER_CHECK_MS);
  let startup: Promise<void> = Promise.resolve();
  let failure: string | null = null;
  onStopSignal(() => void (async () => {
    stopping = true;
    // A stop during the start would race the start's own switch over the same
    // directories: the start finishes (or fails) first.
    await startup;
    report.step('stopping every process in reverse dependency order');
    try {
      await stopGeneration({ backend, libDir: params.libDir, events: progressEvents(report) });
      await backend.manager?.stop(settings);
    } catch (error) {
      report.step(`stopping failed: ${(error as Error).message}`);
    }
    finish();
  })());
  startup = (async () => {
    await backend.manager?.start(settings);
    // Under the profile's lock like any switch: a `procform switch` run meanwhile fails clearly instead of interleaving.
    const result = await resumeGeneration({ backend, libDir: params.libDir, events: progressEvents(report) });
    if (result === null) {
      report.step('first start: deploying the model');
      await runSwitch({});
    } else if (result.failed.length === 0) report.done(`generation ${result.number} runs`);
    else failure = result.failed.map((f) => `${f.instance}: ${f.reason}`).join('; ');
  })().catch((error: unknown) => {
    failure = (error as Error).message;
  });
  await startup;
  if (failure !== null && !stopping) {
    // What started was stopped by the switch's way back; a container half up looks healthy from outside.
    stopping = true;
    report.step(`deployment failed: ${failure}; stopping ${backend.name}`);
    await backend.manager?.stop(settings).catch((error: Error) => report.step(`stopping ${backend.name} failed: ${error.message}`));
    finish();
  }
  await finished;
  clearInterval(watch);
  if (managerGone) throw new DeployError(`${backend.name} ended on its own`, false);
  report.step('every process stopped');
  if (failure !== null) throw notUp(failure);
};

/** Runs the image's main process until it is stopped. */
export const runImageMain = async (options: ImageRunOptions): Promise<void> => {
  const report = progress(false);
  // An immutable image runs its generation on procform's own supervisor.
  const backend = backendByName(options.generation !== undefined ? embedded.name : process.env.PROCFORM_PROCESS_MANAGER ?? DEFAULT_BACKEND);
  if (backend.supervisedByProcform) await runSupervisor(backend, options.generation, report);
  else await runWithActivator(backend, report);
};

/** The hidden image-run command. */
export const imageRunCommand = (): Command =>
  new Command('image-run')
    .summary('main process of a container image that runs procform (used by procform image)')
    .description('Runs in the foreground for a container image: the embedded supervisor with the given generation, or in a mutable image the manager of $PROCFORM_PROCESS_MANAGER with the current generation (deploying the model at the first start). SIGTERM stops every process in reverse dependency order.')
    .option('--generation <path>', 'the generation to run (immutable image)')
    .action((options: ImageRunOptions) => runImageMain(options));
