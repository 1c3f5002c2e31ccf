/**
 * `procform logs [NAME] [-f] [-n N]`: the output of the supervised processes, through the
 * deployment's activator.
 * @module
 */
import { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { LogLine } from '../../deploy/observation.js';
import { requireOperation } from '../deployments.js';
import { withDeploymentOption, withDirectoryOptions } from '../options.js';
import type { ModelOptions } from '../params.js';
import { painter } from '../style.js';
import { stdoutClosed } from '../pipes.js';
import { targetOf } from '../target.js';

interface LogsOptions extends ModelOptions {
  readonly follow?: boolean;
  readonly lines: string;
}

/** The logs command. */
export const logsCommand = (): Command => {
  const command = new Command('logs')
    .summary('show (and follow) process logs')
    .description('Prints the last lines of the log of one process, or of every process with a name prefix; with -f keeps printing new lines, across log rotation, until interrupted. Works on the running supervisor, or on the deployment made with -P BACKEND (where a manager keeps stdout and stderr apart, -n counts lines of each).')
    .argument('[name]', 'instance name; default all')
    .option('-f, --follow', 'keep printing new lines')
    .option('-n, --lines <n>', 'lines of history per process', '10');
  withDeploymentOption(command);
  withDirectoryOptions(command);
  return command.action(async (name: string | undefined, options: LogsOptions) => {
    const lines = Number(options.lines);
    if (!Number.isInteger(lines) || lines < 0) throw new InputError(`--lines must be a whole number, not ${JSON.stringify(options.lines)}`);
    const target = await targetOf(options, 'logs');
    const paint = painter(process.stdout);
    const abort = new AbortController();
    process.once('SIGINT', () => abort.abort());
    stdoutClosed.addEventListener('abort', () => abort.abort(), { once: true });
    const print = (line: LogLine): void => {
      process.stdout.write(name === undefined ? `${paint('cyan', line.instance)} | ${line.text}\n` : `${line.text}\n`);
    };
    const logOptions = { lines, follow: options.follow === true, signal: abort.signal };
    requireOperation(target, 'logs', 'logs');
    await target.activator.logs!(target.generation, name ?? null, logOptions, print);
  });
};
