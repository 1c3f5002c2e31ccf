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

/** A processes model function, as returned by `defineProcesses`. */
export interface ProcessesDefinition<Extra extends object = object> {
  readonly [MARK]: true;
  /** Evaluates the model for the given parameters. */
  readonly evaluate: (params: ProcessParams & Partial<Extra>) => ProcessesModel;
}

/**
 * Declares a processes model. `Extra` types the keys a model reads from `--extra-params`;
 * they are also spread into `params`.
 * @example
 * export default defineProcesses((params) => ({ webapp: { pkg: webapp({ port: 5000 }), port: 5000 } }));
 */
export const defineProcesses = <Extra extends object = object>(
  evaluate: (params: ProcessParams & Partial<Extra>) => ProcessesModel,
): ProcessesDefinition<Extra> => Object.freeze({ [MARK]: true as const, evaluate });

/** True when `value` was made by `defineProcesses`. */
export const isProcessesDefinition = (value: unknown): value is ProcessesDefinition =>
  typeof value === 'object' && value !== null && MARK in value;
