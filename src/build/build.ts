/**
 * Building a generation: evaluate, validate, render every process with the backend,
 * hash everything into store entries. Nothing touches the disk here except reading the
 * processes' inputs and `postInstall`, both through injected functions; writing is
 * `writeBuild`'s job.
 * @module
 */
import { analyzeModel, type AnalyzedModel } from '../model/analyze.js';
import { evaluateModel, type BaseParams } from '../model/evaluate.js';
import type { ProcessesDefinition } from '../model/define-processes.js';
import type { Host } from '../model/host.js';
import { applyOverride } from '../model/merge.js';
import type { Backend, RenderContext } from '../deploy/backend.js';
import type { BuildSettings } from '../generation/settings.js';
import { makeEntry, selfPath, type StoreEntry } from '../store/entry.js';
import { writeEntry } from '../store/write.js';
import { generationDocument, generationName, renderGeneration } from '../generation/document.js';
import { realizePure, type Realize } from './realize.js';
import { resolveBackendOptions } from '../deploy/backend-options.js';
import type { InputReader } from '../model/inputs/reader.js';
import type { DeploymentDirectories } from '../model/inputs/automatic.js';
import { NO_INPUTS } from '../model/inputs/collect.js';
import { localInputReader } from '../system/input-reader.js';
import { INPUTS_FILE, withInputsFile } from './inputs-file.js';
import { RECORD_SCHEMAS } from '../backends/record-schemas.js';

/** Inputs of a build. */
export interface BuildInput {
  readonly definition: ProcessesDefinition;
  readonly params: BaseParams;
  readonly backend: Backend;
  readonly sourceFile: string;
  readonly sourceText?: string;
  /** Omit to skip checks against this machine. */
  readonly host?: Host;
  /** @default realizePure */
  readonly realize?: Realize;
  /** Accept a model without instances: only an undeploy builds one. @default false */
  readonly allowEmpty?: boolean;
  /** Reads inputs, executables and arguments for tracking. @default this machine's files */
  readonly reader?: InputReader;
  /** Called once the model function has returned, before validation: its deadline is met. */
  readonly onEvaluated?: () => void;
}

/** A computed build: every entry with its final path and files. */
export interface BuildResult {
  readonly generation: StoreEntry;
  /** Every entry of the build, generation last. */
  readonly entries: readonly StoreEntry[];
  /** The entry of each process, by instance name. */
  readonly processEntries: ReadonlyMap<string, StoreEntry>;
  readonly model: AnalyzedModel;
}

/** The settings recorded in a generation. */
export const settingsOf = (params: BaseParams): BuildSettings => ({
  stateDir: params.stateDir, runtimeDir: params.runtimeDir, logDir: params.logDir, tmpDir: params.tmpDir,
  cacheDir: params.cacheDir, spoolDir: params.spoolDir, lockDir: params.lockDir, libDir: params.libDir,
  storeDir: params.storeDir, forceDisableUserChange: params.forceDisableUserChange,
  // Left out when empty, so generations of backends without options keep their hashes.
  ...(params.backendOptions && Object.keys(params.backendOptions).length > 0 ? { backendOptions: params.backendOptions } : {}),
});

/** The directories whose files are the deployment's own data, and the store. */
export const deploymentDirectories = (params: BaseParams): DeploymentDirectories => ({
  storeDir: params.storeDir,
  data: [params.stateDir, params.runtimeDir, params.logDir, params.tmpDir, params.cacheDir, params.spoolDir, params.lockDir, params.libDir],
});

/** Files made by `params.writeFile`, by absolute path, with their executable bit. */
const outputsOf = (files: Iterable<StoreEntry>): Map<string, boolean> =>
  new Map([...files].flatMap((entry) => entry.files.flatMap((node) => (node.kind === 'file' ? [[`${entry.path}/${node.path}`, node.executable] as const] : []))));

/** Computes a build; throws `ModelError` (with every problem) before anything is written. */
export const computeBuild = (input: BuildInput): BuildResult => {
  const { backend } = input;
  const backendOptions = resolveBackendOptions(backend.name, backend.options ?? {}, input.params.backendOptions ?? {});
  const params: BaseParams = { ...input.params, backendOptions };
  const realize = input.realize ?? realizePure;
  const serviceHost = (instance: string): string => backend.serviceHost?.(instance, backendOptions) ?? 'localhost';
  const evaluation = evaluateModel(input.definition, params, input.sourceFile, { serviceHost, ...(backend.placement ? { placement: backend.placement } : {}) });
  input.onEvaluated?.();
  const model = analyzeModel(evaluation.instances, {
    recordSchemas: RECORD_SCHEMAS,
    params, sourceFile: input.sourceFile, sourceText: input.sourceText, host: input.host,
    outputs: outputsOf(evaluation.files.values()),
    fileChecks: evaluation.checks,
    allowEmpty: input.allowEmpty ?? false,
    inputs: { reader: input.reader ?? localInputReader(), directories: deploymentDirectories(params) },
  });
  const settings = settingsOf(params);
  const byInstance = new Map<string, StoreEntry>();
  for (const spec of model.processes) {
    const name = backend.entryName(spec);
    const inputs = model.inputs.get(spec.instance) ?? NO_INPUTS;
    const context: RenderContext = {
      settings, self: selfPath(params.storeDir, name), entryOf: (instance) => byInstance.get(instance)!.path, metadata: model.metadata[spec.instance] ?? {},
      hostPaths: inputs.hostPaths,
    };
    const record = applyOverride(backend.translate(spec, context), spec.overrides[backend.name]);
    const files = withInputsFile(backend.render(record, spec, context), backend.inputsPath?.(spec) ?? INPUTS_FILE, inputs.tracked);
    byInstance.set(spec.instance, realize(params.storeDir, name, files, spec.postInstall));
  }
  const document = generationDocument(backend.name, settings, model, byInstance, [...evaluation.files.keys()]);
  const generation = makeEntry(params.storeDir, generationName(backend.name), renderGeneration(document));
  return { generation, entries: [...evaluation.files.values(), ...byInstance.values(), generation], processEntries: byInstance, model };
};

/** Writes every entry of a build that is not in the store yet; returns how many were new. */
export const writeBuild = (result: BuildResult): number =>
  result.entries.reduce((written, entry) => written + (writeEntry(entry) ? 1 : 0), 0);
