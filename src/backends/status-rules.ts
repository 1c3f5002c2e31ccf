/**
 * The rules every activator's `status` follows to turn what its manager reports into the
 * embedded supervisor's states, so that `procform status` reads the same on every backend.
 * @module
 */
import type { DeployedExit, DeployedProcessStatus, DeployedState } from '../deploy/observation.js';

/** A process that is up: ready when it declares no readiness, else `running` with readiness unknown. */
export const upState = (declaresReadiness: boolean): { state: DeployedState; ready: boolean | null } =>
  declaresReadiness ? { state: 'running', ready: null } : { state: 'ready', ready: true };

/** "exit code 3", "signal SIGTERM": how an exit reads in a reason. */
export const describeExit = (exit: DeployedExit): string => (exit.signal !== null ? `signal ${exit.signal}` : `exit code ${exit.code}`);

/**
 * A process that ended and is not restarted: `exited` after a clean exit, otherwise
 * `failed` with the exit as its reason (the embedded supervisor's rule).
 */
export const endedState = (exit: DeployedExit | null): { state: DeployedState; reason: string | null } =>
  exit !== null && exit.code === 0 ? { state: 'exited', reason: null } : { state: 'failed', reason: exit === null ? 'ended and was not restarted' : `ended with ${describeExit(exit)} and was not restarted` };

/** The status of a process the manager says nothing about (not installed, or gone from it). */
export const unknownProcess = (instance: string, name: string, entry: string, reason: string): DeployedProcessStatus => ({
  instance, name, state: 'unknown', pid: null, since: null, restarts: null, ready: null, lastExit: null, entry, reason, lastLines: [],
});
