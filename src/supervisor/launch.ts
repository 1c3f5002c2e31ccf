/**
 * From a service record to the processes that start it: the optional `initialize` shell
 * (as root) and the service command (as its user), both after the state directories.
 * @module
 */
import type { EmbeddedService } from '../backends/embedded/record.js';
import type { LaunchSpec } from './child.js';
import { childEnvironment } from './child.js';
import { withPrivileges, type Privileges } from '../system/privileges.js';
import { createStateDirs } from '../system/state-dirs.js';
import { readSecretsFile } from '../deploy/secrets.js';

/** True when starting needs no lookups or directories, so the command can be spawned at once. */
export const startsImmediately = (service: EmbeddedService, isRoot: boolean): boolean =>
  service.secretsFile === undefined && service.stateDirs.length === 0 && service.initialize === '' && !(isRoot && service.user !== null);

/** The service's secrets, read from the file the last switch wrote; none without one. */
export const secretsOf = (service: EmbeddedService): Readonly<Record<string, string>> =>
  service.secretsFile === undefined ? {} : readSecretsFile(service.secretsFile);

/** How to run the service command with the given privileges, and its secrets added to its environment. */
export const commandSpec = (service: EmbeddedService, privileges: Privileges, secrets: Readonly<Record<string, string>> = {}): LaunchSpec => ({
  argv: privileges.argv,
  env: childEnvironment({ ...service.environment, ...secrets }),
  cwd: service.directory,
  umask: service.umask,
  nice: service.nice,
  ids: privileges.ids,
  // In daemon mode the launcher would take the pipe with it when it exits.
  notifyFd: service.readiness?.kind === 'notify' && service.mode === 'foreground' ? service.readiness.fd : null,
});

/** `initialize`, run by the shell with the service's environment, directory and umask, but as root. */
export const initializeSpec = (service: EmbeddedService): LaunchSpec => ({
  argv: ['/bin/sh', '-c', service.initialize],
  env: childEnvironment(service.environment),
  cwd: service.directory,
  umask: service.umask,
  nice: null,
  ids: null,
  notifyFd: null,
});

/**
 * Resolves the user (once per definition: `cached`) and creates the state directories.
 * Rejects with a message fit for status.
 */
export const prepareStart = async (service: EmbeddedService, isRoot: boolean, cached: Privileges | null): Promise<Privileges> => {
  const privileges = cached ?? await withPrivileges(service.command, service.user, service.group, isRoot);
  await createStateDirs(service.stateDirs, isRoot);
  return privileges;
};
