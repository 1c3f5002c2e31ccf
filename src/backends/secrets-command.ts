/**
 * How managers that run a command line deliver secrets: the command is run by a shell
 * that exports every line of the process's secrets file, then execs the real command.
 * Only the file's path is in the store; the shell reads it as the process's user (the file
 * is that user's, mode 0400) after the manager dropped privileges and cleared the
 * environment, so the values are never on a command line, where `ps` would show them.
 * @module
 */
import { InputError } from '../errors.js';
import type { ProcessSpec } from '../model/process-spec.js';
import type { RunMode } from './run-mode.js';

/** The shell code: `$0` is the secrets file, `$@` the command. */
export const SECRETS_LOADER = 'set -a && . "$0" && exec "$@"';

/** `argv`, run with the process's secrets exported first; unchanged without secrets. */
export const withSecrets = (spec: ProcessSpec, argv: readonly string[]): string[] =>
  spec.secrets === undefined ? [...argv] : ['/bin/sh', '-c', SECRETS_LOADER, spec.secrets.file, ...argv];

/** A run mode whose command loads the process's secrets first. */
export const withSecretsMode = (spec: ProcessSpec, run: RunMode): RunMode => ({ ...run, command: withSecrets(spec, run.command) });

/** Refuses a process with secrets on a backend that cannot deliver them, saying why. */
export const refuseSecrets = (spec: ProcessSpec, backend: string, why: string): void => {
  if (spec.secrets === undefined) return;
  throw new InputError(
    `instance "${spec.instance}": secrets (${Object.keys(spec.secrets.values).join(', ')}) are not supported by the ${backend} backend`,
    `${why}; use another backend, or pass the value some other way than through the store`,
  );
};
