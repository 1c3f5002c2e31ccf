/**
 * The `envFiles` field: dotenv files read at build time into a process's environment, so
 * the generation holds their values and stays content-addressed. A changed file changes
 * the process's entry, and a switch restarts exactly the processes that read it (with
 * their dependents). Files are parsed by `dotenv`; explicit `environment` entries win over
 * a file's, and a later file over an earlier one.
 * @module
 */
import { parse } from 'dotenv';
import type { Blame } from './blame.js';
import type { Problem } from './problem.js';
import { ENV_NAME } from './schema.js';
import { resolveInputPath, type InputPath } from './inputs/declared.js';

/** Reads a file's text; throws an `Error` saying why it cannot. */
export type ReadText = (path: string) => string;

/** The variables a process's env files give, and what is wrong with them. */
export interface EnvFilesResult {
  readonly environment: Readonly<Record<string, string>>;
  readonly problems: readonly Problem[];
}

/**
 * Reads the env files of one process; relative paths are taken from `baseDir`, the model
 * file's directory. Without `read` (a build that reads no files) every file is a problem.
 */
export const readEnvFiles = (instance: string, files: readonly InputPath[], baseDir: string, read: ReadText | undefined, blame: Blame): EnvFilesResult => {
  const environment: Record<string, string> = {};
  const problems: Problem[] = [];
  files.forEach((file, i) => {
    const path = resolveInputPath(file, baseDir);
    const field = `envFiles[${i}]`;
    let text: string;
    try {
      if (!read) throw new Error('this build reads no files');
      text = read(path);
    } catch (error) {
      problems.push({ code: 'unreadable-env-file', instance, field, message: `env file ${path} cannot be read: ${(error as Error).message}`, hint: 'fix the path (a relative one is taken from the model file\'s directory), or create the file', ...blame });
      return;
    }
    for (const [name, value] of Object.entries(parse(text))) {
      if (!ENV_NAME.test(name)) {
        problems.push({ code: 'invalid-env-name', instance, field, message: `env file ${path} sets ${JSON.stringify(name)}, which is not a valid environment variable name`, hint: 'use letters, digits and "_", not starting with a digit', ...blame });
      } else if (value.includes('\0')) {
        problems.push({ code: 'invalid-value', instance, field, message: `env file ${path}: the value of ${name} contains a NUL character`, ...blame });
      } else {
        environment[name] = value;
      }
    }
  });
  return { environment, problems };
};
