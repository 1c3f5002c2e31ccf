/**
 * `defineProcesses`: the default export of a processes model file.
 * @module
 */
import type { ManagedProcess } from './managed-process.js';
import type { ProcessParams } from './params.js';

/** One instance of the model: its process and free metadata other instances and tools read. */
export interface Instance {
  /** The managed process of this instance. */
  readonly pkg: ManagedProcess;
  /** Port the instance listens on; two instances may not share one. @default none */
  readonly port?: number;
  /** Pools (from the id-resources file) this instance needs a unique id from. @default [] */
  readonly requiresUniqueIdsFor?: readonly string[];
  readonly [metadata: string]: unknown;
}

/** The processes model: instance name → instance. */
export type ProcessesModel = { readonly [instanceName: string]: Instance };

const MARK: unique symbol = Symbol.for('procform.processes-definition') as never;

/** What a model function receives: procform's parameters and the `--extra-params` it reads. */
export type ModelParams<Extra extends object = object> = ProcessParams & Partial<Extra>;

/**
 * A processes model function, as returned by `defineProcesses`. `Model` is what it returns,
 * so a tests file (`defineTests<typeof model>`) knows the instance names.
 */
export interface ProcessesDefinition<Extra extends object = object, Model extends ProcessesModel = ProcessesModel> {
  readonly [MARK]: true;
  /** Evaluates the model for the given parameters. */
  readonly evaluate: (params: ModelParams<Extra>) => Model;
}

/**
 * Declares a processes model. `Extra` types the keys a model reads from `--extra-params`;
 * they are also spread into `params`. Typing the parameter instead of passing `Extra`
 * (`(params: ModelParams<Extra>) => …`) lets TypeScript keep the instance names too, which
 * a tests file then checks its own against.
 * @example
 * export default defineProcesses((params) => ({ webapp: { pkg: webapp({ port: 5000 }), port: 5000 } }));
 */
export const defineProcesses = <Extra extends object = object, Model extends ProcessesModel = ProcessesModel>(
  evaluate: (params: ModelParams<Extra>) => Model,
): ProcessesDefinition<Extra, Model> => Object.freeze({ [MARK]: true as const, evaluate });

/** True when `value` was made by `defineProcesses`. */
export const isProcessesDefinition = (value: unknown): value is ProcessesDefinition =>
  typeof value === 'object' && value !== null && MARK in value;
