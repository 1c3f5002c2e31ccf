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
 * Parameters without `writeFile`, `serviceHost` and `placement`, which evaluation supplies;
 * backend options may be left out when there are none.
 */
export type BaseParams = Omit<ProcessParams, 'writeFile' | 'serviceHost' | 'placement' | 'backendOptions'> & {
  readonly backendOptions?: ProcessParams['backendOptions'];
};

/** What the backend says of where the processes run; one machine's answers when it says nothing. */
export type Whereabouts = Partial<Pick<ProcessParams, 'serviceHost' | 'placement'>>;

const ON_ONE_MACHINE: Required<Whereabouts> = { serviceHost: () => 'localhost', placement: { containers: false, sharedFiles: true } };

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
export const evaluateModel = (definition: ProcessesDefinition, params: BaseParams, source: string, where: Whereabouts = {}): Evaluation => {
  const files = new Map<string, StoreEntry>();
  const checks: FileCheckRequest[] = [];
  const writeFile = (input: WriteFileInput): string => {
    const entry = makeEntry(params.storeDir, input.name, [file(input.name, input.text, input.executable ?? false)]);
    files.set(entry.path, entry);
    if (input.check) checks.push({ name: input.name, text: input.text, check: input.check, location: captureUserFrames()[0] });
    return `${entry.path}/${input.name}`;
  };
  try {
    const instances = definition.evaluate({ ...params.extraParams, ...params, backendOptions: params.backendOptions ?? {}, ...ON_ONE_MACHINE, ...where, writeFile });
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
