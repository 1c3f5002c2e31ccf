/**
 * Where the output of every process goes: its log file, one writer per file, opened at
 * the first chunk and kept open while the process comes and goes.
 * @module
 */
import type { ManagerFault } from '../deploy/observation.js';
import { readLastLines } from '../logs/tail.js';
import { openLogWriter, type LogWriter, type LogWriterOptions } from '../logs/writer.js';

/** Rotation of the log files. */
export type LogRotation = Pick<LogWriterOptions, 'maxBytes' | 'keep'>;

/** How long a log that could not be opened or written is left alone before the next try. */
const RETRY_MS = 1000;

/** The open log files, by path. */
export class LogFiles {
  readonly #writers = new Map<string, LogWriter>();
  readonly #brokenUntil = new Map<string, number>();
  readonly #faults = new Map<string, ManagerFault>();

  constructor(private readonly rotation: LogRotation) {}

  /**
   * Appends a chunk. A log that cannot be written (disk full, directory not permitted) must
   * not take the process or the supervisor down, so the chunk is dropped and the failure
   * kept as a fault until a write succeeds; the file is tried again a second later rather
   * than on every chunk.
   */
  write(path: string, stream: 'stdout' | 'stderr', chunk: Buffer): void {
    let writer = this.#writers.get(path);
    try {
      if (writer === undefined) {
        if ((this.#brokenUntil.get(path) ?? 0) > Date.now()) return;
        writer = openLogWriter({ path, ...this.rotation });
        this.#writers.set(path, writer);
      }
      writer.write(stream, chunk);
      this.#faults.delete(path);
    } catch (error) {
      this.#brokenUntil.set(path, Date.now() + RETRY_MS);
      const message = `cannot write the log ${path} (${(error as Error).message}); its process's output is dropped until it can`;
      this.#faults.set(path, { message, since: this.#faults.get(path)?.since ?? Date.now() });
      this.#close(path);
    }
  }

  /** The logs that cannot be written now. */
  faults(): ManagerFault[] {
    return [...this.#faults.values()];
  }

  /** The last `n` lines of a log, including a partial last line; none when it cannot be read. */
  lastLines(path: string, n: number): string[] {
    try {
      this.#writers.get(path)?.flush();
      return readLastLines(path, n);
    } catch {
      return [];
    }
  }

  /** Closes one log (after its process's pipes have drained); it is no longer written, so no longer at fault. */
  close(path: string): void {
    this.#faults.delete(path);
    this.#close(path);
  }

  /** Closes every log. */
  closeAll(): void {
    for (const path of [...this.#writers.keys()]) this.close(path);
  }

  #close(path: string): void {
    const writer = this.#writers.get(path);
    this.#writers.delete(path);
    try {
      writer?.close();
    } catch {
      // The file is gone or the disk full; nothing more can be done with it.
    }
  }
}
