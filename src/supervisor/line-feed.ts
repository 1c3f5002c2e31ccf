/**
 * Complete output lines of one process, for log-line readiness. Lines are only cut while
 * somebody listens, so the output path costs nothing once a process is ready.
 * @module
 */
import { LineSplitter } from '../logs/line-splitter.js';
import type { LineListener } from '../probes/readiness.js';

/** Longest unfinished line kept; a process printing without newlines must not grow memory. */
const MAX_PENDING = 64 * 1024;

/** Fans complete lines of both streams out to the current listeners. */
export class LineFeed {
  readonly #listeners = new Set<LineListener>();
  #splitters: Record<'stdout' | 'stderr', LineSplitter> | null = null;

  /** Feeds a chunk of output in. */
  push(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    this.#splitters?.[stream].push(chunk, (line) => {
      const text = line.endsWith('\r') ? line.slice(0, -1) : line;
      for (const listener of this.#listeners) listener(stream, text);
    });
  }

  /** Listens from now on; returns the unsubscribe function. */
  subscribe(listener: LineListener): () => void {
    this.#listeners.add(listener);
    this.#splitters ??= { stdout: new LineSplitter(MAX_PENDING), stderr: new LineSplitter(MAX_PENDING) };
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#splitters = null;
    };
  }
}
