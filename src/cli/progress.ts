/**
 * Progress lines on stderr, so stdout stays for results scripts read.
 * @module
 */
import { painter } from './style.js';

/** Reports steps of long work; silent with `--quiet`. */
export interface Progress {
  readonly step: (text: string) => void;
  /** A finished piece of work, timed from `since` (a `performance.now()` reading) or from the start. */
  readonly done: (text: string, since?: number) => void;
}

/** A progress reporter writing to stderr. */
export const progress = (quiet = false): Progress => {
  const paint = painter(process.stderr);
  const started = performance.now();
  const elapsed = (since = started): string => paint('gray', `(${Math.round(performance.now() - since)} ms)`);
  return quiet
    ? { step: () => {}, done: () => {} }
    : {
        step: (text) => process.stderr.write(`${paint('cyan', '•')} ${text}\n`),
        done: (text, since) => process.stderr.write(`${paint('green', '✓')} ${text} ${elapsed(since)}\n`),
      };
};
