/**
 * Building a generation from the CLI's options: shared by build, up and switch.
 * @module
 */
import { computeBuild, writeBuild, type BuildInput, type BuildResult } from '../build/build.js';
import { compareBuilds, compareWithStore } from '../build/check.js';
import { realizeWithPostInstall } from '../build/realize.js';
import { backendByName, DEFAULT_BACKEND } from '../backends/registry.js';
import { defineProcesses } from '../model/define-processes.js';
import { loadDefinition } from '../model/load.js';
import { localHost } from '../system/host.js';
import { loadModel, type LoadedModel } from './load-model.js';
import { resolveParams, type ModelOptions } from './params.js';
import type { Progress } from './progress.js';
import { withRememberedOptions } from './remembered-options.js';

/** Options that shape a build. */
export interface BuildOptions extends ModelOptions {
  readonly check?: boolean;
  readonly hostChecks?: boolean;
}

/** A written build and the model it came from. */
export interface BuiltGeneration {
  readonly result: BuildResult;
  readonly loaded: LoadedModel;
  readonly written: number;
}

/** How a build for a deployment takes the options it is not given from the deployment. */
export interface RememberOptions {
  /** Take them from the profile's current generation (`withRememberedOptions`). */
  readonly remember: boolean;
  /** Where to say so, when not through the build's own progress. */
  readonly notes?: Progress;
}

/**
 * Evaluates, validates, builds (twice with --check) and writes a generation. With
 * `remember`, for a deployment, options not given are taken from the profile's current
 * generation.
 */
export const buildGeneration = async (options: BuildOptions, report: Progress, forcedBackend?: string, deployment?: RememberOptions): Promise<BuiltGeneration> => {
  const loaded = await loadModel(options);
  const backend = backendByName(forcedBackend ?? options.processManager ?? process.env.PROCFORM_PROCESS_MANAGER ?? DEFAULT_BACKEND);
  const given = { ...loaded.params, processManager: backend.name };
  const params = deployment?.remember ? withRememberedOptions(given, backend, deployment.notes ?? report) : given;
  report.step(`building ${loaded.file} for ${backend.name}`);
  const input: BuildInput = {
    definition: loaded.definition, params, backend, sourceFile: loaded.file, sourceText: loaded.sourceText,
    host: options.hostChecks === false ? undefined : localHost(), realize: realizeWithPostInstall,
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
  return { result, loaded: { ...loaded, params }, written };
};

/**
 * Builds the empty generation of a backend (what `switch --undeploy` switches to), with the
 * options of the profile's current generation where none are given.
 */
export const buildEmptyGeneration = (options: ModelOptions, backendName: string, report: Progress): BuildResult => {
  const backend = backendByName(backendName);
  const params = withRememberedOptions({ ...resolveParams(options, {}), processManager: backend.name }, backend, report);
  const result = computeBuild({ definition: defineProcesses(() => ({})), params, backend, sourceFile: '(undeploy)' });
  writeBuild(result);
  return result;
};
