/**
 * `procform manager start|stop BACKEND`: run a process manager (supervisord, s6-svscan,
 * runsvdir) as an instance of its own under the state dir, so a user without root — and
 * the tests — can deploy to the real manager.
 * @module
 */
import { Command } from 'commander';
import { InputError } from '../../errors.js';
import { backendByName } from '../../backends/registry.js';
import { settingsOf } from '../../build/build.js';
import { withDirectoryOptions } from '../options.js';
import { resolveParams, type ModelOptions } from '../params.js';
import { requireTrustedDirectories } from '../trusted-dirs.js';

const managerOf = (name: string) => {
  const backend = backendByName(name);
  if (!backend.manager) throw new InputError(`the ${name} backend has no manager to run`, backend.activator?.unavailable?.manager);
  return backend.manager;
};

/** The manager command with its start, stop and status sub-commands. */
export const managerCommand = (): Command => {
  const command = new Command('manager').summary('start or stop a process manager instance under the state dir');
  for (const [verb, text] of [['start', 'start the manager (no-op when it runs)'], ['stop', 'stop the manager and everything it supervises'], ['status', 'say whether the manager runs']] as const) {
    const sub = new Command(verb).summary(text).description(`${text[0]!.toUpperCase()}${text.slice(1)}, for the state dir the options select.`).argument('<backend>', 'supervisord, s6 or runit');
    withDirectoryOptions(sub);
    sub.action(async (name: string, options: ModelOptions) => {
      requireTrustedDirectories(options);
      const manager = managerOf(name);
      const settings = settingsOf(resolveParams(options, {}));
      if (verb === 'start') await manager.start(settings);
      else if (verb === 'stop') await manager.stop(settings);
      const running = await manager.isRunning(settings);
      process.stderr.write(`${name} ${running ? 'is running' : 'is not running'}\n`);
    });
    command.addCommand(sub);
  }
  return command;
};
