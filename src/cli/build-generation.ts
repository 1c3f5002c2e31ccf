/**
 * Building a generation from the CLI's options: shared by build, up and switch.
 * @module
 */
import { computeBuild, writeBuild, type BuildResult } from '../build/build.js';
import { inWorker } from '../build/in-worker.js';
import type { GenerationDocument } from '../generation/document.js';
import { parseGeneration } from '../generation/read.js';
import { StoreError } from '../errors.js';
import type { FileSet } from '../store/file-set.js';
import { entryExists, readFileSet } from '../store/write.js';
import { backendByName, DEFAULT_BACKEND } from '../backends/registry.js';
import { defineProcesses } from '../model/define-processes.js';
import type { BaseParams } from '../model/evaluate.js';
import { loadIds, modelFile, resolveParams, type ModelOptions } from './params.js';
import type { Progress } from './progress.js';
import { withRememberedOptions } from './remembered-options.js';

/** Options that shape a build. */
export interface BuildOptions extends ModelOptions {
  readonly check?: boolean;
  readonly hostChecks?: boolean;
}

/** The model a build came from and the parameters it was evaluated with. */
export interface BuiltModel {
  readonly file: string;
  readonly params: BaseParams;
}

/** A written build and the model it came from. */
export interface BuiltGeneration {
  readonly result: BuildResult;
  readonly loaded: BuiltModel;
  readonly written: number;
}

/** How a build for a deployment takes the options it is not given from the deployment. */
export interface RememberOptions {
  /** Take them from the profile's current generation (`withRememberedOptions`). */
  readonly remember: boolean;
  /** Where to say so, when not through the build's own progress. */
  readonly notes?: Progress;
  /**
   * Write the entries to the store. A dry run does not: it plans from the build in memory
   * (`builtView`), and a `postInstall` runs in a temporary directory. @default true
   */
  readonly write?: boolean;
}

/**
 * Evaluates, validates, builds (twice with --check) and writes a generation. With
 * `remember`, for a deployment, options not given are taken from the profile's current
 * generation. The model runs in a worker thread, under its deadline.
 */
export const buildGeneration = async (options: BuildOptions, report: Progress, forcedBackend?: string, deployment?: RememberOptions): Promise<BuiltGeneration> => {
  const file = modelFile(options);
  const backend = backendByName(forcedBackend ?? options.processManager ?? process.env.PROCFORM_PROCESS_MANAGER ?? DEFAULT_BACKEND);
  const given = { ...resolveParams(options, loadIds(options, file)), processManager: backend.name };
  const params = deployment?.remember ? withRememberedOptions(given, backend, deployment.notes ?? report) : given;
  report.step(`building ${file} for ${backend.name}`);
  const result = await inWorker({
    kind: 'build', file, params, backend: backend.name, hostChecks: options.hostChecks !== false,
    realize: deployment?.write === false ? 'temporary' : 'store', check: options.check === true,
  });
  if (options.check) report.done(`check passed: two builds and the store agree on ${result.entries.length} entries`);
  if (deployment?.write === false) {
    report.done(`${result.model.processes.length} processes, ${result.entries.length} entries, ${result.entries.filter((e) => !entryExists(e)).length} not in the store (a dry run writes none)`);
    return { result, loaded: { file, params }, written: 0 };
  }
  const written = writeBuild(result);
  report.done(`${result.model.processes.length} processes, ${result.entries.length} entries, ${written} new`);
  return { result, loaded: { file, params }, written };
};

/**
 * Builds the empty generation of a backend (what `switch --undeploy` switches to), with the
 * options of the profile's current generation where none are given.
 */
export const buildEmptyGeneration = (options: ModelOptions, backendName: string, report: Progress, write = true): BuildResult => {
  const backend = backendByName(backendName);
  const params = withRememberedOptions({ ...resolveParams(options, {}), processManager: backend.name }, backend, report);
  const result = computeBuild({ definition: defineProcesses(() => ({})), params, backend, sourceFile: '(undeploy)', allowEmpty: true });
  if (write) writeBuild(result);
  return result;
};

/** A build as a dry run sees it: its generation document and every entry's files, written or not. */
export interface BuiltView {
  readonly document: GenerationDocument;
  /** The files of an entry of this build, or of one already in the store. */
  readonly read: (entry: string) => FileSet;
}

/** Views a build without needing it in the store. */
export const builtView = (result: BuildResult): BuiltView => {
  const byPath = new Map(result.entries.map((entry) => [entry.path, entry.files]));
  const file = result.generation.files.find((node) => node.path === 'generation.json');
  if (file?.kind !== 'file') throw new StoreError(`the build of ${result.generation.path} has no generation.json`);
  return { document: parseGeneration(result.generation.path, file.content), read: (entry) => byPath.get(entry) ?? readFileSet(entry) };
};
