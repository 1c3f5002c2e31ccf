/**
 * `procform sysvinit run ACTIVITY`: run every installed init script of the sysvinit
 * deployment in dependency order (start: dependencies first; stop: dependents first),
 * as a boot or shutdown would.
 * @module
 */
import { Command } from 'commander';
import { DeployError, InputError } from '../../errors.js';
import { runActivity, type Activity } from '../../backends/sysvinit/run-activity.js';
import { settingsOf } from '../../build/build.js';
import { withDirectoryOptions, withJsonOption } from '../options.js';
import { resolveParams, type ModelOptions } from '../params.js';
import { requireTrustedDirectories } from '../trusted-dirs.js';

const ACTIVITIES: readonly Activity[] = ['start', 'stop', 'restart', 'reload', 'status'];

/** The sysvinit command. */
export const sysvinitCommand = (): Command => {
  const command = new Command('sysvinit').summary('run the sysvinit deployment\'s scripts');
  const run = new Command('run')
    .summary('run every installed init script in dependency order')
    .description(`Runs ACTIVITY (${ACTIVITIES.join(', ')}) on every init script of the current sysvinit deployment, dependencies first for start, dependents first for stop.`)
    .argument('<activity>', ACTIVITIES.join(' | '));
  withDirectoryOptions(run);
  withJsonOption(run);
  run.action(async (activity: string, options: ModelOptions & { json?: boolean }) => {
    if (!ACTIVITIES.includes(activity as Activity)) throw new InputError(`unknown activity "${activity}"`, `use one of ${ACTIVITIES.join(', ')}`);
    requireTrustedDirectories(options);
    const outcomes = await runActivity(settingsOf(resolveParams(options, {})), activity as Activity);
    if (options.json) process.stdout.write(`${JSON.stringify(outcomes)}\n`);
    else for (const o of outcomes) process.stderr.write(`${o.ok ? 'ok  ' : 'FAIL'} ${o.instance}: ${o.message}\n`);
    const failed = outcomes.filter((o) => !o.ok);
    if (activity !== 'status' && failed.length > 0) throw new DeployError(`${activity} failed for ${failed.map((o) => o.instance).join(', ')}`, true);
  });
  return command.addCommand(run);
};
