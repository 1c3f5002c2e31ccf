/**
 * `procform image-up` (hidden): the start sequence of an image whose main process is
 * supervisord, s6-svscan or sysvinit's start script. It brings the image's generation up
 * through the backend's activator, the code `procform switch -P` runs on a machine, so
 * each process starts once its dependencies are ready, with the same readiness probes
 * (tcp, http, exec, log, notify). When something does not come up, what did start is
 * stopped again, the start script's failure marker is left, and the manager is ended, so
 * the container exits non-zero instead of running half up.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, Option } from 'commander';
import { backendByName } from '../../backends/registry.js';
import type { BuildSettings } from '../../generation/settings.js';
import type { ManagerControl } from '../../deploy/activator.js';
import { activationGeneration, switchBackend } from '../../deploy/switch-backend.js';
import { DeployError, InputError } from '../../errors.js';
import { startFailedMarker } from '../../image/paths.js';
import { progressEvents } from '../switch-report.js';
import { progress } from '../progress.js';

/** The managers whose image start script runs `image-up`. */
const MANAGERS = ['supervisord', 's6', 'sysvinit'] as const;

/** How long the manager the start script launched may take to answer. */
const MANAGER_UP_MS = 30_000;

/** Waits until the manager answers; false when it does not in time. */
const answers = async (control: ManagerControl, settings: BuildSettings): Promise<boolean> => {
  const deadline = Date.now() + MANAGER_UP_MS;
  while (!(await control.isRunning(settings))) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
};

interface ImageUpOptions {
  readonly generation: string;
  readonly processManager: (typeof MANAGERS)[number];
}

/** Brings the generation up; on failure stops what started, ends the manager and throws. */
export const runImageUp = async (options: ImageUpOptions): Promise<void> => {
  const report = progress(false);
  const backend = backendByName(options.processManager);
  const activator = backend.activator;
  if (activator === undefined) throw new InputError(`the ${backend.name} backend has no activator`);
  const next = activationGeneration(options.generation, backend.name);
  const { settings } = next;
  const control = backend.manager;
  let reasons: string;
  try {
    const up = control === undefined || await answers(control, settings);
    const result = up
      ? await switchBackend(activator, null, next, progressEvents(report))
      : { failed: [{ instance: backend.name, reason: `it did not answer within ${MANAGER_UP_MS / 1000} s` }] };
    if (result.failed.length === 0) {
      report.done(`${next.units.length} processes up`);
      return;
    }
    reasons = result.failed.map((f) => `${f.instance}: ${f.reason}`).join('; ');
  } catch (error) {
    // Whatever broke the start, the container must not stay up half started.
    reasons = (error as Error).message;
  }
  const marker = startFailedMarker(settings.runtimeDir);
  mkdirSync(dirname(marker), { recursive: true });
  writeFileSync(marker, `${reasons}\n`);
  report.step(`the processes did not come up (${reasons}); ending ${backend.name}`);
  await control?.stop(settings);
  throw new DeployError(`the image's processes did not come up (${reasons}); the container ends`, false);
};

/** The hidden image-up command. */
export const imageUpCommand = (): Command =>
  new Command('image-up')
    .summary('start sequence of a supervisord, s6 or sysvinit image (used by procform image)')
    .description('Brings the generation up on the manager the image\'s start script runs, through its activator: dependency order, readiness waited for. When a process does not come up, what started is stopped, the start script\'s failure marker is left and the manager is ended, so the container exits non-zero.')
    .requiredOption('--generation <path>', 'the image\'s generation')
    .addOption(new Option('-P, --process-manager <name>', 'the manager the image runs').choices(MANAGERS).makeOptionMandatory())
    .action((options: ImageUpOptions) => runImageUp(options));
