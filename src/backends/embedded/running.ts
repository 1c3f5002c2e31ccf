/**
 * Which processes of the supervisor count as running when a switch is planned.
 * @module
 */
import type { ProcessStatus } from './control.js';

/** States of a process that is up or on its way, for planning. */
const RUNNING = new Set(['waiting', 'starting', 'ready', 'stopping', 'backoff']);

/**
 * The instances a switch may leave alone: those up or on their way, and oneshots that
 * exited successfully (their work is done; running them again is what the plan avoids).
 */
export const runningInstances = (processes: readonly Pick<ProcessStatus, 'instance' | 'state' | 'ready'>[]): Set<string> =>
  new Set(processes.filter((p) => RUNNING.has(p.state) || p.ready).map((p) => p.instance));
