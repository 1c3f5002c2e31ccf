/**
 * `procform switch`: build the model and deploy it to the supervisor daemon (started when
 * needed) with minimal restarts; the profile's current generation moves only once the new
 * generation is up. With `--undeploy`, switch to the empty generation.
 * @module
 */
import { Command } from 'commander';
import { DeployError, InputError } from '../../errors.js';
import { computePlan } from '../../deploy/plan.js';
import { readGeneration } from '../../generation/read.js';
import { planUnits } from '../../deploy/plan-units.js';
import { planChanges } from '../../deploy/plan-changes.js';
import { addGeneration, currentGeneration, failedUnlessCurrent, setCurrent, withProfileLock } from '../../deploy/profiles.js';
import type { ApplyResult } from '../../supervisor/control.js';
import { loadGeneration } from '../../supervisor/generation-services.js';
import { runningInstances } from '../../supervisor/local-control.js';
import { supervisorRunning, connectControl } from '../../supervisor/client.js';
import { buildEmptyGeneration, buildGeneration, builtView, type BuildOptions } from '../build-generation.js';
import { ensureCredentials, previewCredentials, settleCredentials } from '../credentials-step.js';
import { applyOnDaemon } from '../daemon-apply.js';
import { withBackendOption, withJsonOption, withModelOptions, withTimeoutOption } from '../options.js';
import { backendByName, DEFAULT_BACKEND } from '../../backends/registry.js';
import { afterFailure, printDryRun, switchEvents, switchWithActivator } from '../backend-switch.js';
import { resolveParams } from '../params.js';
import { profileDir } from '../profile.js';
import { progress, type Progress } from '../progress.js';
import { checkDocumentStateVersions, checkStateVersions } from '../state-versions.js';
import { ensureDaemon, pathsFor } from '../supervisor-access.js';
import { warnAboutFaults } from '../supervisor-faults.js';
import { requireTrustedDirectories } from '../trusted-dirs.js';

interface SwitchOptions extends BuildOptions {
  readonly dryRun?: boolean;
  readonly undeploy?: boolean;
  readonly migrate?: boolean;
  readonly enable?: boolean;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly timeout?: number;
}

/** Prints what a switch did, and turns a failed one into a `DeployError`. */
export const reportApply = (result: ApplyResult, report: Progress, json: boolean | undefined, generation: number | null): void => {
  if (json) process.stdout.write(`${JSON.stringify({ ...result, number: generation })}\n`);
  if (result.failed.length > 0) {
    const reasons = result.failed.map((f) => `${f.instance}: ${f.reason}`).join('; ');
    throw new DeployError(`the new generation did not come up (${reasons}); ${afterFailure(result.rolledBack, result.generation === null)}`, !result.rolledBack);
  }
  report.done(`stopped ${result.stopped.length}, started ${result.started.length}, kept ${result.kept.length}`);
  if (!json && result.generation) process.stdout.write(`${result.generation}\n`);
};

/** Runs the switch command. */
export const runSwitch = async (options: SwitchOptions): Promise<void> => {
  requireTrustedDirectories(options);
  const report = progress(options.quiet || options.json);
  const params = resolveParams(options, {});
  const backend = backendByName(options.processManager ?? process.env.PROCFORM_PROCESS_MANAGER ?? DEFAULT_BACKEND);
  const write = options.dryRun !== true;
  const built = options.undeploy ? buildEmptyGeneration(options, backend.name, report, write) : (await buildGeneration(options, report, backend.name, { remember: true, write })).result;
  if (backend.name === 'embedded' && options.enable !== undefined) throw new InputError('--enable applies to the systemd backend; the embedded supervisor runs while its daemon does');
  if (backend.name !== 'embedded') {
    await switchWithActivator(backend, built, { ...params, processManager: backend.name }, report, options);
    return;
  }
  const paths = pathsFor(options);
  const profile = profileDir(params.libDir, 'embedded');
  if (options.dryRun) {
    // Every check of the real switch, on the build in memory: nothing is written.
    const view = builtView(built);
    const live = (await supervisorRunning(paths.socket)) ? await connectControl(paths.socket).status() : null;
    const running = live?.generation ? readGeneration(live.generation) : null;
    checkDocumentStateVersions(running, view.document, options.migrate === true);
    const accounts = previewCredentials({ next: view.document.credentials, previous: currentGeneration(profile)?.path ?? null, libDir: params.libDir, backend: 'embedded' });
    const previous = running ? planUnits(running) : null;
    const next = planUnits(view.document);
    const plan = computePlan(previous, next, runningInstances(live?.processes ?? []));
    printDryRun({ plan, changes: planChanges(plan, previous, next, view.read), accounts }, options.json);
    return;
  }
  await withProfileLock(profile, async () => {
    const control = await ensureDaemon(paths);
    const live = await control.status();
    const previous = live.generation ? loadGeneration(live.generation) : null;
    const next = loadGeneration(built.generation.path);
    checkStateVersions(previous, next, options.migrate === true);
    // What the profile says was deployed, not what this daemon runs: after `procform down` it runs nothing.
    const deployed = currentGeneration(profile);
    const credentials = await ensureCredentials({ target: built.generation.path, previous: deployed?.path ?? null, libDir: params.libDir, backend: 'embedded' }, report);
    const number = addGeneration(profile, built.generation.path);
    report.step(`switching to generation ${number}`);
    await failedUnlessCurrent(profile, number, async () => {
      const result = await applyOnDaemon(control, paths, built.generation.path, number, { timeout: options.timeout, events: switchEvents(report) });
      await settleCredentials(credentials, result);
      reportApply(result, report, options.json, number);
      setCurrent(profile, number);
    });
    await warnAboutFaults(control);
  });
};

/** The switch command. */
export const switchCommand = (): Command => {
  const command = new Command('switch')
    .summary('deploy the model with minimal restarts (embedded supervisor by default, or -P BACKEND)')
    .description('Builds the model for the embedded supervisor and applies it to the per-user supervisor daemon (started if needed): unchanged processes keep running, changed ones and their dependents restart, removed ones stop, new ones start. The current generation moves only when the new one is up; if it fails, the previous generation runs again and stays current.')
    .option('-n, --dry-run', 'print the plan and change nothing')
    .option('--undeploy', 'stop everything (switch to an empty generation)')
    .option('--migrate', 'allow processes whose stateVersion changed to be switched')
    .option('--enable', 'systemd: enable the deployment for boot (procform.target and its units)')
    .option('--no-enable', 'systemd: disable the deployment for boot')
    .option('--no-host-checks', 'do not check users and executables against this machine')
    .option('-q, --quiet', 'no progress on stderr');
  withModelOptions(command);
  withBackendOption(command, DEFAULT_BACKEND);
  withJsonOption(command);
  withTimeoutOption(command);
  return command.action((options: SwitchOptions) => runSwitch(options));
};
