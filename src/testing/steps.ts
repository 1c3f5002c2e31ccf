/**
 * Running one step of a cell under its deadline and turning what it threw into a failure
 * the report can show.
 * @module
 */
import { TestFailure } from './errors.js';
import { locationIn, messageOf } from './failure.js';
import type { InstanceLines, StepResult } from './results.js';

/** Runs `check` for at most `seconds`; a `TestFailure` when it runs longer. */
export const withDeadline = async <T>(what: string, seconds: number, check: () => Promise<T>): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TestFailure(`${what} did not finish in ${seconds} s`)), seconds * 1000);
  });
  try {
    return await Promise.race([check(), deadline]);
  } finally {
    clearTimeout(timer);
  }
};

/** What a step needs to report a failure: the tests file, and the output of the instances concerned. */
export interface FailureContext {
  readonly testsFile: string;
  readonly linesOf: (instances: readonly string[]) => Promise<InstanceLines[]>;
}

/**
 * Runs a step and times it. When `run` throws, the step fails with the error's message,
 * its line in the tests file and the output of `instances(error)`.
 */
export const runStep = async (
  step: string,
  context: FailureContext,
  run: (notes: string[]) => Promise<unknown>,
  instances: (error: unknown) => readonly string[] = () => [],
): Promise<StepResult> => {
  const started = Date.now();
  const notes: string[] = [];
  try {
    await run(notes);
    return { step, status: 'passed', ms: Date.now() - started, ...(notes.length > 0 ? { notes } : {}) };
  } catch (error) {
    const ms = Date.now() - started;
    const shown = await context.linesOf(instances(error)).catch(() => []);
    return {
      step, status: 'failed', ms,
      failure: { message: messageOf(error), at: locationIn(error, context.testsFile), instances: shown },
      ...(notes.length > 0 ? { notes } : {}),
    };
  }
};

/** A step that could not run because an earlier one failed. */
export const skippedStep = (step: string): StepResult => ({ step, status: 'skipped', ms: 0 });
