/**
 * `procform switch`: build the model and deploy it with minimal restarts, to the
 * supervisor daemon (started when needed) or with `-P` to another manager; the profile's
 * current generation moves only once the new generation is up. With `--undeploy`, switch
 * to the empty generation.
 * @module
 */
import { Command } from 'commander';
import { backendByName, DEFAULT_BACKEND } from '../../backends/registry.js';
import { settingsOf } from '../../build/build.js';
import { dryRunSwitch } from '../../deploy/dry-run.js';
import { switchGeneration } from '../../deploy/switch.js';
import { buildEmptyGeneration, buildGeneration, builtView, type BuildOptions } from '../build-generation.js';
import { warnAboutFaults } from '../manager-faults.js';
import { withBackendOption, withJsonOption, withModelOptions, withTimeoutOption } from '../options.js';
import { resolveParams } from '../params.js';
import { progress } from '../progress.js';
import { printDryRun, reportOutcome, switchEvents } from '../switch-report.js';
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

/** Runs the switch command. */
export const runSwitch = async (options: SwitchOptions): Promise<void> => {
  requireTrustedDirectories(options);
  const report = progress(options.quiet || options.json);
  const params = resolveParams(options, {});
  const backend = backendByName(options.processManager ?? process.env.PROCFORM_PROCESS_MANAGER ?? DEFAULT_BACKEND);
  const write = options.dryRun !== true;
  const built = options.undeploy ? buildEmptyGeneration(options, backend.name, report, write) : (await buildGeneration(options, report, backend.name, { remember: true, write })).result;
  const { migrate, enable, timeout } = options;
  if (options.dryRun) {
    const generation = { path: built.generation.path, ...builtView(built) };
    printDryRun(await dryRunSwitch({ backend, libDir: params.libDir, generation, migrate, enable }), options.json);
    return;
  }
  const outcome = await switchGeneration({ backend, libDir: params.libDir, generation: built.generation.path, migrate, enable, timeout, events: switchEvents(report, options.json) });
  reportOutcome(outcome, report, options.json, enable === undefined ? '' : enable ? ', enabled for boot' : ', disabled for boot');
  await warnAboutFaults(backend, settingsOf(params));
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
