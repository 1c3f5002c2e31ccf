/**
 * Small I/O helpers around runsv's supervise directory and the `sv` command.
 * @module
 */
import { execFile } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync } from 'node:fs';

/** Runs `sv` with arguments; resolves with its exit code and output. */
export const sv = (args: readonly string[]): Promise<{ code: number; output: string }> =>
  new Promise((resolve) => {
    execFile('sv', [...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, output: `${stdout}${stderr}`.trim() });
    });
  });

/** True while a runsv serves this directory (its `supervise/ok` fifo has a reader). */
export const runsvAlive = (serviceDir: string): boolean => {
  try {
    const fd = openSync(`${serviceDir}/supervise/ok`, constants.O_WRONLY | constants.O_NONBLOCK);
    closeSync(fd);
    return true;
  } catch {
    return false;
  }
};

/** runsv's state word: "run", "down", "finish", or null when unknown. */
export const serviceState = (serviceDir: string): string | null => {
  try {
    return readFileSync(`${serviceDir}/supervise/stat`, 'utf8').split(/[\s,]/)[0] ?? null;
  } catch {
    return null;
  }
};

/** Polls `check` every 50 ms until it holds or `ms` pass. */
export const until = async (check: () => boolean, ms: number): Promise<boolean> => {
  const deadline = Date.now() + ms;
  for (;;) {
    if (check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
