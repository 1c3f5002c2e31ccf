/**
 * `procform down`: stop every process and the supervisor. Also cleans up after a
 * supervisor that was killed without stopping its processes.
 * @module
 */
import { Command } from 'commander';
import { supervisorRunning } from '../../backends/embedded/client.js';
import { stopDaemon } from '../../backends/embedded/daemon.js';
import { clearLeftBehind } from '../../backends/embedded/left-behind.js';
import { withDirectoryOptions } from '../options.js';
import type { ModelOptions } from '../params.js';
import { pathsFor } from '../supervisor-access.js';
import { requireTrustedDirectories } from '../trusted-dirs.js';

/** The down command. */
export const downCommand = (): Command => {
  const command = new Command('down')
    .summary('stop every process and the supervisor')
    .description('Stops every process in reverse dependency order, then the supervisor. When the supervisor died without stopping its processes, stops the process groups it recorded and removes the socket and state file it left. The current generation stays as it is; procform switch brings it back.');
  withDirectoryOptions(command);
  return command.action(async (options: ModelOptions) => {
    requireTrustedDirectories(options);
    const paths = pathsFor(options);
    if (await supervisorRunning(paths.socket)) {
      await stopDaemon(paths);
      process.stderr.write('stopped every process and the supervisor\n');
      return;
    }
    const { stopped, socket } = await clearLeftBehind(paths);
    const removed = socket ? `; removed its stale socket ${paths.socket}` : '';
    if (stopped.length > 0) process.stderr.write(`the supervisor was gone; stopped what it left: ${stopped.join(', ')}${removed}\n`);
    else process.stderr.write(`no supervisor was running${removed}\n`);
  });
};
