/**
 * A validation problem, blamed on the instance, field and source location responsible.
 * @module
 */
import type { SourceLocation } from './call-site.js';

/** One problem found in the processes model. */
export interface Problem {
  /** Stable machine-readable code, e.g. `unknown-dependency`. */
  readonly code: string;
  /** The instance the problem belongs to, when there is one. */
  readonly instance?: string;
  /** Dotted path of the offending field, e.g. `environment.PORT`. */
  readonly field?: string;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** What to do about it, when there is something to say. */
  readonly hint?: string;
  /** Where the responsible call is; the innermost user frame first. */
  readonly location?: SourceLocation;
  /** The call in the model file that led to `location` (a constructor call), if different. */
  readonly via?: SourceLocation;
}
