/**
 * The capture benchmark: run a program that floods its output, capture it into a rotating
 * log exactly as the supervisor does, and check that nothing was lost.
 * @module
 */
import { spawn } from 'node:child_process';
import { unlinkSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { errnoCode, LogError, logError } from './errors.js';
import { verifyFloodLog, type FloodCheck } from './flood-verify.js';
import { rotatedPath } from './rotation.js';
import { openLogWriter, type LogStream } from './writer.js';

/** What to run and where its log goes. */
export interface FloodCaptureOptions {
  /** Normally `process.execPath`, with `args` starting with the path of flood.js. */
  readonly command: string;
  readonly args: readonly string[];
  /** The log file; it and its rotated files are removed first. */
  readonly path: string;
  readonly maxBytes: number;
  readonly keep: number;
}

/** How the capture went. */
export interface FloodCaptureResult {
  /** Milliseconds from the child's exit to its last byte being in the log. */
  readonly ms: number;
  /** Milliseconds from spawning the child to its last byte being in the log. */
  readonly totalMs: number;
  /** Bytes read from the child's stdout and stderr. */
  readonly bytes: number;
  /** stdout lines found intact and in order. */
  readonly lines: number;
  /** stderr lines found intact and in order. */
  readonly stderrLines: number;
  /** Whether every line was found, once, in order, whole. */
  readonly intact: boolean;
  /** The first problem the check found, or null. */
  readonly problem: string | null;
  /** Files the log spans. */
  readonly files: number;
}

const removeLog = (path: string): void => {
  for (let index = 0; ; index++) {
    try {
      unlinkSync(rotatedPath(path, index));
    } catch (error) {
      if (errnoCode(error) === 'ENOENT' && index > 0) return;
      if (errnoCode(error) !== 'ENOENT') throw logError('remove', rotatedPath(path, index), error);
    }
  }
};

/** Runs the child with its output piped into the writer; resolves with the two timings. */
const capture = (options: FloodCaptureOptions): Promise<{ ms: number; totalMs: number; bytes: number; exit: string }> =>
  new Promise((resolve, reject) => {
    const writer = openLogWriter(options);
    const started = performance.now();
    let exited = NaN;
    let bytes = 0;
    let failure: unknown;
    const child = spawn(options.command, [...options.args], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The same hot path as the supervisor's: one writer call per pipe chunk.
    const take = (stream: LogStream) => (chunk: Buffer): void => {
      if (failure !== undefined) return;
      bytes += chunk.length;
      try {
        writer.write(stream, chunk);
      } catch (error) {
        failure = error;
        child.kill('SIGKILL');
      }
    };
    child.stdout.on('data', take('stdout'));
    child.stderr.on('data', take('stderr'));
    child.on('exit', () => { exited = performance.now(); });
    child.on('error', (error) => { failure ??= new LogError(`cannot run ${options.command}: ${error.message}`, options.path, { cause: error }); });
    // 'close' comes after the exit and the end of both pipes.
    child.on('close', (code, signal) => {
      try {
        writer.close();
      } catch (error) {
        failure ??= error;
      }
      const done = performance.now();
      if (failure !== undefined) reject(failure);
      else resolve({ ms: Math.max(0, done - (Number.isNaN(exited) ? done : exited)), totalMs: done - started, bytes, exit: signal ?? String(code) });
    });
  });

/**
 * Runs `command args`, captures its stdout and stderr into a log rotated at `maxBytes`
 * keeping `keep` files, then checks the log with {@link verifyFloodLog}. The timings leave
 * the check out. Rejects with a {@link LogError} when the program cannot run or the log
 * cannot be written.
 */
export const captureFlood = async (options: FloodCaptureOptions): Promise<FloodCaptureResult> => {
  removeLog(options.path);
  const { ms, totalMs, bytes, exit } = await capture(options);
  const check: FloodCheck = verifyFloodLog(options.path);
  const problem = exit !== '0' ? `the program ended with ${exit}` : check.problem;
  return { ms, totalMs, bytes, lines: check.lines, stderrLines: check.stderrLines, intact: problem === null, problem, files: check.files };
};
