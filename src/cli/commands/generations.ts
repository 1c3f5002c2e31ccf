/**
 * `procform generations`: the generations of the deployment, the current one marked.
 * @module
 */
import { Command } from 'commander';
import { listGenerations } from '../../deploy/profiles.js';
import { withBackendOption, withDirectoryOptions, withJsonOption } from '../options.js';
import { backendByName, DEFAULT_BACKEND } from '../../backends/registry.js';
import { resolveParams, type ModelOptions } from '../params.js';
import { profileDir } from '../../deploy/profile-dir.js';
import { requireTrustedDirectories } from '../trusted-dirs.js';
import { repairBeforeLooking } from '../repairs.js';

/** The generations command. */
export const generationsCommand = (): Command => {
  const command = new Command('generations')
    .summary('list the generations of the deployment')
    .description('Lists every generation switch has made, oldest first, with its creation time and store path; the current one is marked with *. A switch whose procform was killed is put right first.');
  withDirectoryOptions(command);
  withBackendOption(command, DEFAULT_BACKEND);
  withJsonOption(command);
  return command.action(async (options: ModelOptions & { json?: boolean }) => {
    requireTrustedDirectories(options);
    const backend = backendByName(options.processManager ?? process.env.PROCFORM_PROCESS_MANAGER ?? DEFAULT_BACKEND);
    const { libDir } = resolveParams(options, {});
    await repairBeforeLooking(backend, libDir, options.json);
    const generations = listGenerations(profileDir(libDir, backend.name));
    if (options.json) {
      process.stdout.write(`${JSON.stringify(generations.map((g) => ({ ...g, createdAt: g.createdAt.toISOString() })))}\n`);
      return;
    }
    for (const g of generations) {
      process.stdout.write(`${g.current ? '*' : ' '} ${String(g.number).padStart(4)}  ${g.createdAt.toISOString().replace('T', ' ').slice(0, 19)}  ${g.path}${g.failed ? '  (failed: a switch to it went back)' : ''}\n`);
    }
  });
};
