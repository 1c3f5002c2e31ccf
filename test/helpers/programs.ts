// Whether the programs a test needs are on this machine: a command on PATH, or an absolute path.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Whether `program` is there: an absolute path that exists, or a command the shell finds on PATH. */
export const onPath = (program: string): boolean =>
  program.startsWith('/') ? existsSync(program) : spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program], { stdio: 'ignore' }).status === 0;

/** The first of `programs` that is not there, or undefined when all are. */
export const firstMissing = (programs: readonly string[]): string | undefined => programs.find((program) => !onPath(program));
