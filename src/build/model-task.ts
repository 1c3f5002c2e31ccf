/**
 * The work that runs the user's model: load it, evaluate it and build from it, or read
 * the ids it requires. It runs in a worker thread (see `in-worker.ts`) so that a model
 * that never finishes can be stopped; here it is plain code, which the worker calls.
 * @module
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { backendByName } from '../backends/registry.js';
import { InputError } from '../errors.js';
import { idRequirementsOf, type IdRequirements } from '../ids/index.js';
import { evaluateModel, type BaseParams } from '../model/evaluate.js';
import { loadDefinition } from '../model/load.js';
import { localHost } from '../system/host.js';
import { computeBuild, type BuildResult } from './build.js';
import { compareBuilds, compareWithStore } from './check.js';
import { postInstallRealizer, realizeWithPostInstall } from './realize.js';

/** Build a generation of `file` for a backend. */
export interface BuildTask {
  readonly kind: 'build';
  readonly file: string;
  readonly params: BaseParams;
  readonly backend: string;
  /** Check users, executables and `writeFile` checks against this machine. */
  readonly hostChecks: boolean;
  /**
   * Where `postInstall` runs: in the store directory (`store`), or in a temporary directory
   * for a build that is not written or whose store is another machine's (`temporary`).
   */
  readonly realize: 'store' | 'temporary';
  /** Build twice from two loads and compare both with each other and with the store (`build --check`). */
  readonly check: boolean;
}

/** Read which id pools each instance of `file` requires (`procform ids`). */
export interface IdsTask {
  readonly kind: 'ids';
  readonly file: string;
  readonly params: BaseParams;
}

/** Work on a model. */
export type ModelTask = BuildTask | IdsTask;

/** What a task gives back. */
export type ModelTaskResult<T extends ModelTask> = T extends BuildTask ? BuildResult : IdRequirements;

/** Hears when the model's own code starts and stops running: the deadline counts only that. */
export interface EvaluationPhases {
  readonly evaluating: () => void;
  readonly evaluated: () => void;
}

const sourceOf = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

const build = async (task: BuildTask, phases: EvaluationPhases): Promise<BuildResult> => {
  const backend = backendByName(task.backend);
  const sourceText = sourceOf(task.file);
  const once = async (): Promise<BuildResult> => {
    phases.evaluating();
    const definition = await loadDefinition(task.file);
    return computeBuild({
      definition, params: task.params, backend, sourceFile: task.file, sourceText,
      host: task.hostChecks ? localHost() : undefined,
      realize: task.realize === 'store' ? realizeWithPostInstall : postInstallRealizer(() => tmpdir()),
      onEvaluated: phases.evaluated,
    });
  };
  const result = await once();
  if (task.check) {
    // A second, independent evaluation: a fresh module load catches models that read the clock or randomness.
    compareBuilds(result, await once());
    compareWithStore(result);
  }
  return result;
};

const ids = async (task: IdsTask, phases: EvaluationPhases): Promise<IdRequirements> => {
  phases.evaluating();
  const { instances } = evaluateModel(await loadDefinition(task.file), task.params, task.file);
  phases.evaluated();
  if (instances === null || typeof instances !== 'object') throw new InputError(`${task.file} did not return an object of instances`);
  return idRequirementsOf(instances as never);
};

/** Runs a task in this thread. */
export const runModelTask = <T extends ModelTask>(task: T, phases: EvaluationPhases): Promise<ModelTaskResult<T>> =>
  (task.kind === 'build' ? build(task, phases) : ids(task, phases)) as Promise<ModelTaskResult<T>>;
