/**
 * The docker command lines of a switch, as data: `apply` runs them and `describe` prints
 * them for `switch --dry-run`, so the two cannot differ.
 * @module
 */
import type { SwarmService } from './record.js';
import { serviceName } from './names.js';
import { STACK_FILE } from './stack-file.js';

/** Deploys (creates or updates) the one service of an entry's stack file into its stack; other services are left alone. */
export const deployArgs = (entry: string, record: SwarmService): string[] =>
  ['stack', 'deploy', `--resolve-image=${record.activation.resolveImage}`, '--compose-file', `${entry}/${STACK_FILE}`, record.activation.stack];

/** Replaces a service's tasks though its spec is the same (a dependency restarted). */
export const forceArgs = (record: SwarmService): string[] =>
  ['service', 'update', '--force', '--detach', '--', serviceName(record.activation.stack, record.key)];

/** Removes a service (its tasks stop with its stop signal and grace period). */
export const removeArgs = (service: string): string[] => ['service', 'rm', '--', service];

/** Removes the stack: what is left of its services, and its networks. */
export const stackRemoveArgs = (stack: string): string[] => ['stack', 'rm', stack];
