/**
 * `procform build`: evaluate, validate and write a generation into the store; print its path.
 * @module
 */
import { Command } from 'commander';
import { computeBuild, writeBuild, type BuildInput } from '../../build/build.js';
import { compareBuilds, compareWithStore } from '../../build/check.js';
import { realizeWithPostInstall } from '../../build/realize.js';
import { backendByName, DEFAULT_BACKEND } from '../../backends/registry.js';
import { loadDefinition } from '../../model/load.js';
import { localHost } from '../../system/host.js';
import { loadModel } from '../load-model.js';
import { withBackendOption, withJsonOption, withModelOptions } from '../options.js';
import type { ModelOptions } from '../params.js';
import { progress } from '../progress.js';

interface BuildOptions extends ModelOptions {
  readonly check?: boolean;
  readonly hostChecks: boolean;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

/** Runs the build command. */
export const runBuild = async (options: BuildOptions): Promise<void> => {
  const report = progress(options.quiet || options.json);
  const loaded = await loadModel(options);
  const backend = backendByName(loaded.params.processManager === 'agnostic' ? DEFAULT_BACKEND : loaded.params.processManager);
  report.step(`building ${loaded.file} for ${backend.name}`);
  const input: BuildInput = {
    definition: loaded.definition, params: loaded.params, backend, sourceFile: loaded.file, sourceText: loaded.sourceText,
    host: options.hostChecks ? localHost() : undefined, realize: realizeWithPostInstall,
  };
  const result = computeBuild(input);
  if (options.check) {
    // A second, independent evaluation: a fresh module load catches models that read the clock or randomness.
    const second = computeBuild({ ...input, definition: await loadDefinition(loaded.file) });
    compareBuilds(result, second);
    compareWithStore(result);
    report.done(`check passed: two builds and the store agree on ${result.entries.length} entries`);
  }
  const written = writeBuild(result);
  report.done(`${result.model.processes.length} processes, ${result.entries.length} entries, ${written} new`);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({
      generation: result.generation.path,
      backend: backend.name,
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
  return command.action((options: BuildOptions) => runBuild(options));
};
