/**
 * `procform rollback`: return to the generation before the current one (relative to the
 * current generation, not the second newest), or to a given generation number.
 * @module
 */
import { Command } from 'commander';
import { InputError } from '../../errors.js';
import { currentGeneration, listGenerations, previousGeneration, setCurrent, withProfileLock } from '../../deploy/profiles.js';
import { withBackendOption, withDirectoryOptions, withJsonOption, withTimeoutOption } from '../options.js';
import { backendByName, DEFAULT_BACKEND } from '../../backends/registry.js';
import { rollbackWithActivator, switchEvents } from '../backend-switch.js';
import { ensureCredentials, settleCredentials } from '../credentials-step.js';
import { applyOnDaemon } from '../daemon-apply.js';
import { resolveParams, type ModelOptions } from '../params.js';
import { profileDir } from '../profile.js';
import { progress } from '../progress.js';
import { ensureDaemon, pathsFor } from '../supervisor-access.js';
import { warnAboutFaults } from '../supervisor-faults.js';
import { requireTrustedDirectories } from '../trusted-dirs.js';
import { reportApply } from './switch.js';

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
    if (backend.name !== 'embedded') {
      await rollbackWithActivator(backend, params.libDir, options.to, report, options.timeout);
      return;
    }
    const profile = profileDir(params.libDir, 'embedded');
    await withProfileLock(profile, async () => {
      const target = options.to === undefined ? previousGeneration(profile) : listGenerations(profile).find((g) => String(g.number) === options.to);
      if (!target) throw new InputError(`there is no generation ${options.to}`, 'list them with procform generations');
      const credentials = await ensureCredentials({ target: target.path, previous: currentGeneration(profile)?.path ?? null, libDir: params.libDir, backend: 'embedded' }, report);
      report.step(`switching to generation ${target.number}`);
      const paths = pathsFor(options);
      const control = await ensureDaemon(paths);
      const result = await applyOnDaemon(control, paths, target.path, target.number, { timeout: options.timeout, events: switchEvents(report) });
      await settleCredentials(credentials, result);
      reportApply(result, report, options.json, target.number);
      setCurrent(profile, target.number);
      await warnAboutFaults(control);
    });
  });
};
