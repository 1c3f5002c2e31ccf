/**
 * `procform logs [NAME] [-f] [-n N]`: the log files of the supervised processes.
 * @module
 */
import { Command } from 'commander';
import { InputError } from '../../errors.js';
import { withDirectoryOptions } from '../options.js';
import type { ModelOptions } from '../params.js';
import { painter } from '../style.js';
import { pathsFor, runningControl } from '../supervisor-access.js';
import { stdoutClosed } from '../pipes.js';

interface LogsOptions extends ModelOptions {
  readonly follow?: boolean;
  readonly lines: string;
}

/** The logs command. */
export const logsCommand = (): Command => {
  const command = new Command('logs')
    .summary('show (and follow) process logs')
    .description('Prints the last lines of the log file of one process, or of every process with a name prefix; with -f keeps printing new lines, across log rotation, until interrupted.')
    .argument('[name]', 'instance name; default all')
    .option('-f, --follow', 'keep printing new lines')
    .option('-n, --lines <n>', 'lines of history per process', '10');
  withDirectoryOptions(command);
  return command.action(async (name: string | undefined, options: LogsOptions) => {
    const lines = Number(options.lines);
    if (!Number.isInteger(lines) || lines < 0) throw new InputError(`--lines must be a whole number, not ${JSON.stringify(options.lines)}`);
    const control = await runningControl(pathsFor(options));
    const paint = painter(process.stdout);
    const abort = new AbortController();
    process.once('SIGINT', () => abort.abort());
    stdoutClosed.addEventListener('abort', () => abort.abort(), { once: true });
    await control.logs(name ?? null, { lines, follow: options.follow === true, signal: abort.signal }, (line) => {
      process.stdout.write(name === undefined ? `${paint('cyan', line.instance)} | ${line.text}\n` : `${line.text}\n`);
    });
  });
};
