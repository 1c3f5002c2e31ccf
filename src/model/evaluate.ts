/**
 * Evaluating a processes model: calling its function with the parameters, collecting the
 * files it writes with `params.writeFile`. Problems with the result are the validator's job.
 * @module
 */
import { ModelLoadError } from '../errors.js';
import { ModelError, ServiceArgumentError } from './errors.js';
import { file } from '../store/file-set.js';
import { makeEntry, type StoreEntry } from '../store/entry.js';
import type { ProcessesDefinition } from './define-processes.js';
import type { ProcessParams, WriteFileInput } from './params.js';
import { captureUserFrames } from './call-site.js';
import type { FileCheckRequest } from './rules/file-checks.js';

/**
 * Parameters without `writeFile` and `serviceHost`, which evaluation supplies; backend
 * options may be left out when there are none.
 */
export type BaseParams = Omit<ProcessParams, 'writeFile' | 'serviceHost' | 'backendOptions'> & {
  readonly backendOptions?: ProcessParams['backendOptions'];
};

/** Where a process is reachable from the others; one machine's answer when no backend says otherwise. */
export type ServiceHost = ProcessParams['serviceHost'];

const onOneMachine: ServiceHost = () => 'localhost';

/** The raw result of evaluating a model. */
export interface Evaluation {
  /** What the model function returned; not validated yet. */
  readonly instances: unknown;
  /** Entries created with `params.writeFile`, by path. */
  readonly files: ReadonlyMap<string, StoreEntry>;
  /** Checks asked for by `params.writeFile`, in call order. */
  readonly checks: readonly FileCheckRequest[];
}

/** Calls the model function; an exception in user code becomes a `ModelLoadError`. */
export const evaluateModel = (definition: ProcessesDefinition, params: BaseParams, source: string, serviceHost: ServiceHost = onOneMachine): Evaluation => {
  const files = new Map<string, StoreEntry>();
  const checks: FileCheckRequest[] = [];
  const writeFile = (input: WriteFileInput): string => {
    const entry = makeEntry(params.storeDir, input.name, [file(input.name, input.text, input.executable ?? false)]);
    files.set(entry.path, entry);
    if (input.check) checks.push({ name: input.name, text: input.text, check: input.check, location: captureUserFrames()[0] });
    return `${entry.path}/${input.name}`;
  };
  try {
    const instances = definition.evaluate({ ...params.extraParams, ...params, backendOptions: params.backendOptions ?? {}, serviceHost, writeFile });
    return { instances, files, checks };
  } catch (error) {
    if (error instanceof ServiceArgumentError) {
      const [location] = error.frames;
      throw new ModelError([{
        code: 'invalid-service-argument', field: `${error.service}(${error.argument})`, message: `${error.service}: ${error.argument} ${error.problem}`,
        ...(location ? { location } : {}),
      }]);
    }
    throw new ModelLoadError(`evaluating the processes model failed: ${(error as Error).message ?? String(error)}`, source, { cause: error });
  }
};
