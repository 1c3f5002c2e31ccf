/**
 * `procform status`: the state of every supervised process.
 * @module
 */
import { Command } from 'commander';
import { formatStatus } from '../format-status.js';
import { withDirectoryOptions, withJsonOption } from '../options.js';
import type { ModelOptions } from '../params.js';
import { painter } from '../style.js';
import { pathsFor, runningControl } from '../supervisor-access.js';

/** The status command. */
export const statusCommand = (): Command => {
  const command = new Command('status')
    .summary('show the state of every process')
    .description('Shows each process of the running supervisor (procform up or the daemon): state, pid, uptime, restarts, readiness and last exit; failed processes with their last output lines.');
  withDirectoryOptions(command);
  withJsonOption(command);
  return command.action(async (options: ModelOptions & { json?: boolean }) => {
    const status = await (await runningControl(pathsFor(options))).status();
    process.stdout.write(options.json ? `${JSON.stringify(status)}\n` : formatStatus(status, painter(process.stdout)));
  });
};
