/**
 * The errors of the processes model: an invalid model, with every problem found, and a
 * service constructor given an argument it cannot accept. They live with the model
 * because they carry its problems and source locations.
 * @module
 */
import { ProcformError } from '../errors.js';
import type { Problem } from './problem.js';
import type { SourceLocation } from './call-site.js';

/** The processes model is invalid: every problem found, not just the first. */
export class ModelError extends ProcformError {
  readonly code = 'MODEL_INVALID';
  constructor(readonly problems: readonly Problem[]) {
    super(`the processes model has ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  }
}

/**
 * A service constructor (`procform/services`) was given an argument it cannot accept.
 * Thrown while the model is evaluated, it is reported as a model problem at the call.
 */
export class ServiceArgumentError extends ProcformError {
  readonly code = 'SERVICE_ARGUMENT';
  /**
   * @param service the constructor, e.g. "postgresql"
   * @param argument the argument's path, e.g. "databases[0].name"
   * @param problem what is wrong with it
   * @param frames the user's code that called the constructor, innermost first
   */
  constructor(readonly service: string, readonly argument: string, readonly problem: string, readonly frames: readonly SourceLocation[] = []) {
    super(`${service}: ${argument} ${problem}`);
  }
}
