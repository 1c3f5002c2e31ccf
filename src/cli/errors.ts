/**
 * Mapping errors to messages and exit codes: the only place that decides either.
 * @module
 */
import { CommanderError } from 'commander';
import { ControlError, DeployError, InputError, ModelLoadError, NondeterminismError, PoolExhaustedError, ProcformError, StoreError, SupervisorUnresponsiveError, TestsFailedError, UntrustedPathError } from '../errors.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { formatProblems, formatLocation } from './report.js';
import { parseFrame } from '../model/call-site.js';
import { ModelError } from '../model/errors.js';
import type { Paint } from './style.js';

/** What to print and which code to exit with. */
export interface Outcome {
  readonly message: string;
  readonly code: ExitCode;
}

const userFrame = (error: unknown): string | undefined => {
  const stack = (error as Error | undefined)?.stack ?? '';
  for (const line of stack.split('\n').slice(1)) {
    const at = parseFrame(line);
    if (at && !at.file.includes('/node_modules/') && !/\/(src|dist)\/(cli|model|build|store)\//.test(at.file)) return formatLocation(at);
  }
  return undefined;
};

/** Maps any thrown value to an outcome. */
export const outcomeOf = (error: unknown, paint: Paint): Outcome => {
  const fail = (text: string, hint?: string): string => `${paint('red', 'error:')} ${text}\n${hint ? `${paint('cyan', 'hint:')} ${hint}\n` : ''}`;
  if (error instanceof ModelError) return { message: formatProblems(error.problems, paint), code: EXIT.refused };
  if (error instanceof ModelLoadError) {
    const at = userFrame(error.cause);
    return { message: fail(error.message, at ? `the error was raised at ${at}` : error.hint), code: EXIT.refused };
  }
  if (error instanceof InputError) return { message: fail(error.message, error.hint), code: EXIT.refused };
  if (error instanceof UntrustedPathError) return { message: fail(error.message, error.hint), code: EXIT.refused };
  if (error instanceof PoolExhaustedError) return { message: fail(error.message, `widen the pool "${error.pool}" in the id-resources file`), code: EXIT.refused };
  if (error instanceof NondeterminismError) return { message: fail(error.message, 'the model must not read the clock, random numbers or unsorted directory listings'), code: EXIT.refused };
  if (error instanceof ControlError) return { message: fail(error.message, error.hint), code: EXIT.refused };
  if (error instanceof DeployError) return { message: fail(error.message, error.hint ?? (error.partial ? 'check procform status; procform rollback returns to the previous generation' : undefined)), code: error.partial ? EXIT.partial : EXIT.refused };
  if (error instanceof TestsFailedError) return { message: fail(error.message, error.hint), code: EXIT.partial };
  if (error instanceof StoreError) return { message: fail(error.message), code: EXIT.system };
  if (error instanceof SupervisorUnresponsiveError) return { message: fail(error.message, error.hint), code: EXIT.system };
  if (error instanceof CommanderError) return { message: '', code: EXIT.usage };
  if (error instanceof ProcformError) return { message: fail(error.message), code: EXIT.system };
  const errno = error as NodeJS.ErrnoException;
  return { message: fail(errno?.message ?? String(error), errno?.code === 'EACCES' ? 'check permissions, or pick directories you own with --state-dir' : undefined), code: EXIT.system };
};
