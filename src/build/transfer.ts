/**
 * Carrying results and errors out of the worker that runs a model. `postMessage` copies
 * plain data, Maps, Sets and RegExps, but not functions (a model's override functions end
 * up in its normalized processes, already applied), and an error arrives as a bare `Error`
 * without its class or fields; the CLI needs both to pick the message and the exit code.
 * @module
 */
import { ControlError, DeployError, InputError, ModelLoadError, NondeterminismError, PoolExhaustedError, StoreError, UntrustedPathError } from '../errors.js';
import { ModelError, ServiceArgumentError } from '../model/errors.js';

/** A copy of `value` without functions and symbols, which `postMessage` cannot carry. */
export const transferable = (value: unknown, seen = new Map<object, unknown>()): unknown => {
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof RegExp || value instanceof Date || ArrayBuffer.isView(value)) return value;
  if (seen.has(value)) return seen.get(value);
  if (value instanceof Map) {
    const copy = new Map<unknown, unknown>();
    seen.set(value, copy);
    for (const [key, item] of value) copy.set(transferable(key, seen), transferable(item, seen));
    return copy;
  }
  if (value instanceof Set) {
    const copy = new Set<unknown>();
    seen.set(value, copy);
    for (const item of value) copy.add(transferable(item, seen));
    return copy;
  }
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(transferable(item, seen));
    return copy;
  }
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'function' && typeof item !== 'symbol') copy[key] = transferable(item, seen);
  }
  return copy;
};

/** An error as plain data. */
export interface SerializedError {
  /** The class's name, to rebuild it with. */
  readonly kind: string;
  readonly message: string;
  readonly stack?: string;
  /** Its own fields: `problems`, `file`, `hint`, an errno `code`, … */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly cause?: SerializedError;
}

/** The errors rebuilt with their class; any other comes back as an `Error` with the same fields. */
const KINDS: Readonly<Record<string, abstract new (...args: never[]) => Error>> = {
  ModelError, ModelLoadError, ServiceArgumentError, InputError, PoolExhaustedError, NondeterminismError, StoreError, ControlError, DeployError, UntrustedPathError,
};

/** An error (or anything thrown) as plain data. */
export const serializeError = (error: unknown): SerializedError => {
  if (!(error instanceof Error)) return { kind: 'Error', message: String(error), fields: {} };
  const cause = (error as { cause?: unknown }).cause;
  return {
    kind: error.constructor.name,
    message: error.message,
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    fields: transferable({ ...error }) as Record<string, unknown>,
    ...(cause === undefined ? {} : { cause: serializeError(cause) }),
  };
};

/** The error again, of its class when it is one of procform's, with its stack (for blame) and cause. */
export const deserializeError = (data: SerializedError): Error => {
  const kind = KINDS[data.kind] ?? Error;
  const error = Object.create(kind.prototype) as Error;
  const hidden = (name: string, value: unknown): void => void Object.defineProperty(error, name, { value, writable: true, configurable: true, enumerable: false });
  hidden('message', data.message);
  hidden('stack', data.stack ?? `${data.kind}: ${data.message}`);
  if (data.cause !== undefined) hidden('cause', deserializeError(data.cause));
  return Object.assign(error, data.fields);
};
