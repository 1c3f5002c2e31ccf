/**
 * Running a command whose output is read line by line as it comes (`docker logs -f`,
 * `kubectl logs -f`) until it exits or the caller stops it.
 * @module
 */
import { spawn } from 'node:child_process';

/** How a streamed command ended. */
export interface StreamResult {
  /** Exit status; null when a signal ended it (the abort included); 127 when it could not start. */
  readonly code: number | null;
  /** The last lines it wrote to stderr, when the caller did not take them (`stderrLines: false`). */
  readonly stderr: string;
}

/**
 * Runs `program args`, calling `onLine` with each complete line of stdout and stderr, and
 * kills it when `signal` fires. Resolves when it has exited and its pipes are closed.
 */
export const streamLines = (program: string, args: readonly string[], onLine: (stream: 'stdout' | 'stderr', text: string) => void, signal?: AbortSignal): Promise<StreamResult> =>
  new Promise((resolve) => {
    const child = spawn(program, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const feed = (stream: 'stdout' | 'stderr') => {
      let partial = '';
      const flush = (): void => {
        if (partial !== '') onLine(stream, partial);
        partial = '';
      };
      const source = stream === 'stdout' ? child.stdout : child.stderr;
      source.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) onLine(stream, line);
        if (stream === 'stderr') stderr = `${stderr}${chunk.toString('utf8')}`.slice(-2000);
      });
      source.on('end', flush);
    };
    feed('stdout');
    feed('stderr');
    const abort = (): void => void child.kill('SIGTERM');
    signal?.addEventListener('abort', abort, { once: true });
    child.once('error', (error) => {
      signal?.removeEventListener('abort', abort);
      resolve({ code: 127, stderr: error.message });
    });
    child.once('close', (code) => {
      signal?.removeEventListener('abort', abort);
      resolve({ code, stderr: stderr.trim() });
    });
  });

/**
 * A follower of `program args`'s output for a readiness probe (`docker logs -f`): started
 * when the probe starts listening, killed when it stops.
 */
export const followCommand = (program: string, args: readonly string[]) =>
  (listener: (stream: 'stdout' | 'stderr', text: string) => void): (() => void) => {
    const stop = new AbortController();
    void streamLines(program, args, listener, stop.signal);
    return () => stop.abort();
  };
