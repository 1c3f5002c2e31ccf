/**
 * Output pipes closed by their reader (`procform … | head`). Node raises EPIPE as an
 * unhandled stream error, which would print a stack trace. A closed reader only means
 * nobody wants more output: procform drops it and goes on with its work, so a switch is
 * never abandoned half way because a pager quit, and commands that only print (a followed
 * log) end when `stdoutClosed` fires.
 * @module
 */

const closed = new AbortController();

/** Aborted once standard output's reader has gone away. */
export const stdoutClosed: AbortSignal = closed.signal;

const CLOSED_CODES = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

/** Installs the handlers on stdout and stderr; call once, before anything is written. */
export const tolerateClosedPipes = (): void => {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (!CLOSED_CODES.has(error.code ?? '')) throw error;
    closed.abort();
  });
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (!CLOSED_CODES.has(error.code ?? '')) throw error;
  });
};
