/**
 * Reaching the supervisor of a state dir from the CLI: its paths for the options given.
 * @module
 */
import { supervisorPaths, type SupervisorPaths } from '../backends/embedded/paths.js';
import { resolveParams, type ModelOptions } from './params.js';

/** The supervisor paths for the directories the options select. */
export const pathsFor = (options: ModelOptions): SupervisorPaths => {
  const params = resolveParams(options, {});
  return supervisorPaths(params.runtimeDir, params.logDir);
};
