/**
 * Directories whose own mode is restricted while their parents stay as open as the umask
 * makes them. `mkdir -p` with a mode gives every parent it creates that mode too, so a
 * private directory below a fresh runtime or log dir would also close that dir itself,
 * and processes running as other users could no longer reach their own files in it.
 * @module
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Creates `dir` with `mode`, and its missing parents with mode 0755: whatever the umask,
 * never open to writing by group or others, which would make procform refuse them.
 */
export const makeDir = (dir: string, mode: number): void => {
  mkdirSync(dirname(dir), { recursive: true, mode: 0o755 });
  if (mkdirSync(dir, { recursive: true, mode }) !== undefined) chmodSync(dir, mode);
};

/** Creates `dir` with mode 0700, and makes it 0700 if it existed. */
export const makePrivateDir = (dir: string): void => {
  makeDir(dir, 0o700);
  chmodSync(dir, 0o700);
};
