/**
 * Typed errors. Library code throws these and never prints or exits; the CLI maps each
 * kind to a message and to one of the documented exit codes. The errors of the processes
 * model itself, which carry its problems, are in `model/errors.ts`.
 * @module
 */
/** Base class: every procform error has a stable `code`. */
export abstract class ProcformError extends Error {
  abstract readonly code: string;
}

/** Loading or evaluating the model file failed (syntax error, exception, wrong export). */
export class ModelLoadError extends ProcformError {
  readonly code = 'MODEL_LOAD';
  /** What to do about it, when the error's own location does not say enough. */
  readonly hint?: string;
  constructor(message: string, readonly file: string, options?: { cause?: unknown; hint?: string }) {
    super(message, options);
    if (options?.hint !== undefined) this.hint = options.hint;
  }
}

/** Bad input that is not part of the model: an ids or id-resources file, flags, parameters. */
export class InputError extends ProcformError {
  readonly code = 'INPUT';
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** An id pool has no free id left. */
export class PoolExhaustedError extends ProcformError {
  readonly code = 'POOL_EXHAUSTED';
  constructor(readonly pool: string, readonly capacity: number, readonly wanted: number) {
    super(`id pool "${pool}" is exhausted: it holds ${capacity} id${capacity === 1 ? '' : 's'} and ${wanted} instances need one`);
  }
}

/** Building twice gave different output (`build --check`). */
export class NondeterminismError extends ProcformError {
  readonly code = 'NONDETERMINISTIC';
  constructor(readonly entry: string, readonly file: string, readonly detail: string) {
    super(`build is not deterministic: ${entry}/${file} differs between two builds (${detail})`);
  }
}

/** The store is damaged or could not be written. */
export class StoreError extends ProcformError {
  readonly code = 'STORE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The record file of a store entry (what an activator reads back) is missing, is not JSON
 * or does not have the shape its backend writes: a damaged entry, or one from another
 * version of procform.
 */
export class RecordFileError extends StoreError {
  /**
   * @param file the record file's path
   * @param problem what is wrong with it, e.g. "is missing"
   */
  constructor(readonly file: string, readonly problem: string, options?: { cause?: unknown }) {
    super(`record file ${file} ${problem}`, options);
  }
}

/** A control request was refused: unknown process name, no supervisor running, bad state. */
export class ControlError extends ProcformError {
  readonly code = 'CONTROL';
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** A deployment step failed. `partial` is true when the system was changed and could not be fully restored. */
export class DeployError extends ProcformError {
  readonly code = 'DEPLOY';
  /** What to do about it, when there is more to say than the CLI's general advice. */
  readonly hint?: string;
  constructor(message: string, readonly partial: boolean, options?: { cause?: unknown; hint?: string }) {
    super(message, options);
    if (options?.hint !== undefined) this.hint = options.hint;
  }
}

/**
 * A supervisor took a control request but said nothing for the whole control timeout:
 * it is stopped (SIGSTOP), hung or starved. What it did of the request is unknown.
 */
export class SupervisorUnresponsiveError extends ProcformError {
  readonly code = 'SUPERVISOR_UNRESPONSIVE';
  /**
   * @param pid the supervisor's process, when it could be found
   * @param seconds how long the client waited
   */
  constructor(readonly pid: number | null, readonly seconds: number, readonly socket: string, readonly hint: string) {
    super(`the supervisor (${pid === null ? `on ${socket}` : `pid ${pid}`}) does not answer within ${seconds} s; it may be stopped (SIGSTOP) or overloaded`);
  }
}

/** A supervisor closed a control connection without answering: it ended (or was killed) while serving it. */
export class SupervisorLostError extends ControlError {}

/**
 * A directory or file procform would act on could have been planted or changed by another
 * user: not the invoking user's (nor root's), writable by group or others, or a link.
 */
export class UntrustedPathError extends ProcformError {
  readonly code = 'UNTRUSTED_PATH';
  constructor(message: string, readonly path: string, readonly hint: string) {
    super(message);
  }
}

/** `procform test` ran, and some backend and profile failed its tests. */
export class TestsFailedError extends ProcformError {
  readonly code = 'TESTS_FAILED';
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}
