/**
 * `procform start|stop|restart NAME…`: control single processes of the running supervisor.
 * @module
 */
import { Command } from 'commander';
import { withDirectoryOptions } from '../options.js';
import type { ModelOptions } from '../params.js';
import { pathsFor, runningControl } from '../supervisor-access.js';

const verbs = {
  start: 'start processes (and the dependencies they need)',
  stop: 'stop processes (and what depends on them)',
  restart: 'restart processes (and what depends on them)',
} as const;

/** One of the start, stop and restart commands. */
export const controlCommand = (verb: keyof typeof verbs): Command => {
  const command = new Command(verb).summary(verbs[verb]).description(`${verbs[verb][0]!.toUpperCase()}${verbs[verb].slice(1)} in the running supervisor.`).argument('<name...>', 'instance names');
  withDirectoryOptions(command);
  return command.action(async (names: string[], options: ModelOptions) => {
    const control = await runningControl(pathsFor(options));
    await control[verb](names);
    process.stderr.write(`${verb}: ${names.join(', ')}\n`);
  });
};
