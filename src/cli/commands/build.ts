/**
 * `procform build`: evaluate, validate and write a generation into the store; print its path.
 * @module
 */
import { Command } from 'commander';
import { DEFAULT_BACKEND } from '../../backends/registry.js';
import { buildGeneration, type BuildOptions } from '../build-generation.js';
import { withBackendOption, withJsonOption, withModelOptions } from '../options.js';
import { progress } from '../progress.js';

interface BuildCommandOptions extends BuildOptions {
  readonly json?: boolean;
  readonly quiet?: boolean;
}

/** Runs the build command. */
export const runBuild = async (options: BuildCommandOptions): Promise<void> => {
  const { result, loaded, written } = await buildGeneration(options, progress(options.quiet || options.json));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({
      generation: result.generation.path,
      backend: loaded.params.processManager,
      written,
      processes: result.model.processes.map((p) => ({ instance: p.instance, name: p.name, entry: result.processEntries.get(p.instance)!.path })),
    })}\n`);
  } else {
    process.stdout.write(`${result.generation.path}\n`);
  }
};

/** The build command. */
export const buildCommand = (): Command => {
  const command = new Command('build')
    .summary('build a generation of the model into the store')
    .description('Evaluates and validates the processes model, renders it for a backend and writes the result into the content-addressed store. The last line on stdout is the generation\'s store path.')
    .option('--check', 'build twice from scratch and compare with each other and with the store; fail naming the first differing file')
    .option('--no-host-checks', 'do not check users and executables against this machine (when building for another one)')
    .option('-q, --quiet', 'no progress on stderr');
  withModelOptions(command);
  withBackendOption(command, DEFAULT_BACKEND);
  withJsonOption(command);
  return command.action((options: BuildCommandOptions) => runBuild(options));
};
