/**
 * How the person at the terminal runs procform, for the commands the CLI tells them to run
 * next: `npx procform` when they came through npx, `procform` when that name on PATH is
 * this copy, else `node` and this copy's script — never a bare name their shell cannot find.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { quoteShell } from '../render/shell.js';

const script = fileURLToPath(new URL('../../bin/procform.js', import.meta.url));

const real = (path: string): string | null => {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
};

/** The words that run this procform in the user's shell. */
export const invocation = (): string => {
  if (process.env.npm_command === 'exec') return 'npx procform';
  const found = spawnSync('sh', ['-c', 'command -v procform'], { encoding: 'utf8' }).stdout.trim();
  if (found !== '' && real(found) === real(script)) return 'procform';
  return `node ${quoteShell(script)}`;
};
