/**
 * A failed check as the report shows it: its message and the line of the tests file
 * where it failed, found in the error's stack (the tests file is loaded with source maps,
 * so the line is the TypeScript line).
 * @module
 */
import { fileURLToPath } from 'node:url';

/** The first frame of `error`'s stack in `file`, as file:line:column, or null. */
export const locationIn = (error: unknown, file: string): string | null => {
  const stack = error instanceof Error ? error.stack ?? '' : '';
  for (const line of stack.split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (match === null) continue;
    const path = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!;
    if (path === file) return `${file}:${match[2]}:${match[3]}`;
  }
  return null;
};

/** The message of anything thrown, assertion diffs included. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
