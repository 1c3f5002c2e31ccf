/**
 * The error of the log machinery. It lives here rather than in src/errors.ts only because
 * this folder is being built alongside others; the CLI already maps any `ProcformError`
 * it does not know to the system-error exit code, which is right for log I/O.
 * @module
 */
import { ProcformError } from '../errors.js';

/** A process log could not be created, written, rotated or read. */
export class LogError extends ProcformError {
  readonly code = 'LOG';
  constructor(message: string, readonly path: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Wraps a failed fs call on `path`, keeping the errno error as the cause. */
export const logError = (doing: string, path: string, cause: unknown): LogError =>
  new LogError(`cannot ${doing} ${path}: ${(cause as Error | undefined)?.message ?? String(cause)}`, path, { cause });

/** The errno code of a thrown value, if it has one. */
export const errnoCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;
