/**
 * What an embedded supervisor daemon killed with SIGKILL left behind: its state file names
 * the process groups it started, and those whose leader is still the process it started
 * (same kernel start time) still run with nobody watching them.
 * @module
 */
import { ControlError } from '../errors.js';
import { pidAlive, processStartTime, readState } from '../supervisor/state-file.js';
import type { SupervisorPaths } from '../supervisor/paths.js';

/** A dead daemon and the processes it started that still run. */
export interface LeftBehind {
  readonly daemonPid: number;
  readonly generation: string | null;
  readonly processes: readonly { readonly instance: string; readonly pid: number }[];
}

/** What a dead daemon left, or null when there is no state file or its daemon still runs. */
export const leftBehind = (paths: SupervisorPaths): LeftBehind | null => {
  const state = readState(paths.state);
  if (state === null || pidAlive(state.daemonPid)) return null;
  const processes = state.groups
    .filter((g) => g.startTime !== null && processStartTime(g.pid) === g.startTime && pidAlive(g.pid))
    .map((g) => ({ instance: g.instance, pid: g.pid }));
  return { daemonPid: state.daemonPid, generation: state.generation, processes };
};

/**
 * The error `status` and the control commands give after a daemon died: what still runs,
 * and what `down` and `switch` do about it (a new daemon stops the groups of the dead one
 * before it starts anything, so `switch` replaces them rather than adopting them).
 */
export const leftBehindError = (left: LeftBehind): ControlError => {
  const gone = `the embedded supervisor (pid ${left.daemonPid}) is gone: it was killed without stopping its processes`;
  if (left.processes.length === 0) {
    return new ControlError(`${gone}; none of them still runs`, 'procform switch starts a new supervisor and deploys again');
  }
  const width = Math.max(...left.processes.map((p) => p.instance.length));
  const list = left.processes.map((p) => `  ${p.instance.padEnd(width)}  pid ${p.pid}`).join('\n');
  return new ControlError(
    `${gone}; ${left.processes.length === 1 ? 'this one still runs' : `these ${left.processes.length} still run`}, unsupervised:\n${list}`,
    'procform down stops them; procform switch stops them too and deploys again in new processes (they are replaced, not adopted)',
  );
};
