/**
 * What every semantic rule sees: the normalized processes with their blame.
 * @module
 */
import type { Blame } from '../blame.js';
import type { Host } from '../host.js';
import type { ProcessSpec } from '../process-spec.js';
import type { Problem } from '../problem.js';

/** Input of a semantic rule. */
export interface RuleContext {
  /** Normalized processes by instance name, for the instances that passed the schema. */
  readonly specs: ReadonlyMap<string, ProcessSpec>;
  /** Instance metadata (everything but `pkg`) by instance name. */
  readonly metadata: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  readonly blame: (instance: string) => Blame;
  /** Absent when host checks are switched off (building for another machine). */
  readonly host?: Host;
  readonly forceDisableUserChange: boolean;
  /**
   * Files `params.writeFile` made in this build, by absolute path, with their executable
   * bit: they are not in the store yet while the model is validated.
   */
  readonly outputs: ReadonlyMap<string, boolean>;
}

/** A named validation rule. */
export type Rule = (context: RuleContext) => Problem[];
