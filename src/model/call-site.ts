/**
 * Where in the user's code a model value was created, so that validation can blame
 * the file and line responsible (contracts with blame) instead of procform's internals.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { dirname, sep } from 'node:path';

/** A position in a source file. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

// procform's own code: src/ and dist/ of this package. Both count, because with source maps
// enabled a frame in dist/ is reported at its src/ position.
const packageRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const ownRoots = [`${packageRoot}${sep}src${sep}`, `${packageRoot}${sep}dist${sep}`];
const isOwn = (file: string): boolean => ownRoots.some((root) => file.startsWith(root)) && !file.endsWith('.test.ts');

const framePattern = /\(?((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):(\d+)\)?$/;

/** Parses one V8 stack-trace line into a location, or undefined for native frames. */
export const parseFrame = (line: string): SourceLocation | undefined => {
  const match = framePattern.exec(line.trim());
  if (!match) return undefined;
  const raw = match[1]!;
  const file = raw.startsWith('file://') ? fileURLToPath(raw) : raw;
  return { file, line: Number(match[2]), column: Number(match[3]) };
};

/**
 * The user frames of the current call stack, innermost first: frames inside procform
 * itself, node internals and node_modules are skipped.
 */
export const captureUserFrames = (): readonly SourceLocation[] => {
  const holder: { stack?: string } = {};
  const previous = Error.stackTraceLimit;
  Error.stackTraceLimit = 30;
  Error.captureStackTrace(holder, captureUserFrames);
  Error.stackTraceLimit = previous;
  const frames: SourceLocation[] = [];
  for (const line of (holder.stack ?? '').split('\n').slice(1)) {
    const location = parseFrame(line);
    if (!location) continue;
    if (isOwn(location.file)) continue;
    if (location.file.includes(`${sep}node_modules${sep}`)) continue;
    frames.push(location);
  }
  return frames;
};
