/**
 * `procform generations`: the generations of the deployment, the current one marked.
 * @module
 */
import { Command } from 'commander';
import { listGenerations } from '../../deploy/profiles.js';
import { withDirectoryOptions, withJsonOption } from '../options.js';
import { resolveParams, type ModelOptions } from '../params.js';
import { profileDir } from '../profile.js';

/** The generations command. */
export const generationsCommand = (): Command => {
  const command = new Command('generations')
    .summary('list the generations of the deployment')
    .description('Lists every generation switch has made, oldest first, with its creation time and store path; the current one is marked with *.');
  withDirectoryOptions(command);
  withJsonOption(command);
  return command.action((options: ModelOptions & { json?: boolean }) => {
    const generations = listGenerations(profileDir(resolveParams(options, {}).libDir, 'embedded'));
    if (options.json) {
      process.stdout.write(`${JSON.stringify(generations.map((g) => ({ ...g, createdAt: g.createdAt.toISOString() })))}\n`);
      return;
    }
    for (const g of generations) {
      process.stdout.write(`${g.current ? '*' : ' '} ${String(g.number).padStart(4)}  ${g.createdAt.toISOString().replace('T', ' ').slice(0, 19)}  ${g.path}\n`);
    }
  });
};
