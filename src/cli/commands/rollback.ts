/**
 * `procform rollback`: return to the generation before the current one (relative to the
 * current generation, not the second newest), or to a given generation number.
 * @module
 */
import { Command } from 'commander';
import { backendByName, DEFAULT_BACKEND } from '../../backends/registry.js';
import { settingsOf } from '../../build/build.js';
import { rollbackGeneration } from '../../deploy/switch.js';
import { warnAboutFaults } from '../manager-faults.js';
import { withBackendOption, withDirectoryOptions, withJsonOption, withTimeoutOption } from '../options.js';
import { resolveParams, type ModelOptions } from '../params.js';
import { progress } from '../progress.js';
import { reportOutcome, switchEvents } from '../switch-report.js';
import { requireTrustedDirectories } from '../trusted-dirs.js';

interface RollbackOptions extends ModelOptions {
  readonly to?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly timeout?: number;
}

/** The rollback command. */
export const rollbackCommand = (): Command => {
  const command = new Command('rollback')
    .summary('switch back to the previous generation')
    .description('Switches the supervisor back to the generation before the current one, with the same minimal restarts as a switch; --to N switches to generation N. The current generation moves only when that generation is up.')
    .option('--to <number>', 'switch to this generation number instead')
    .option('-q, --quiet', 'no progress on stderr');
  withDirectoryOptions(command);
  withBackendOption(command, DEFAULT_BACKEND);
  withJsonOption(command);
  withTimeoutOption(command);
  return command.action(async (options: RollbackOptions) => {
    requireTrustedDirectories(options);
    const report = progress(options.json || options.quiet);
    const backend = backendByName(options.processManager ?? process.env.PROCFORM_PROCESS_MANAGER ?? DEFAULT_BACKEND);
    const params = resolveParams(options, {});
    const outcome = await rollbackGeneration({ backend, libDir: params.libDir, to: options.to, timeout: options.timeout, events: switchEvents(report, options.json) });
    reportOutcome(outcome, report, options.json);
    await warnAboutFaults(backend, settingsOf(params));
  });
};
