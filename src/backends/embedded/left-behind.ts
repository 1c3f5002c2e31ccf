/**
 * What an embedded supervisor that died (killed with SIGKILL, say) left behind: its state
 * file names the process groups it started, and those whose leader is still the process it
 * started (same kernel start time) still run with nobody watching them; its socket file
 * stays where the next supervisor would listen. `status` and the control commands report
 * both; `down`, `up` and a new daemon clear them away.
 * @module
 */
import { existsSync, unlinkSync } from 'node:fs';
import { ControlError, DeployError } from '../../errors.js';
import { readState, reapGroups, removeState } from './state-file.js';
import { pidAlive, processStartTime } from '../../system/process-group.js';
import type { SupervisorPaths } from './paths.js';

/** A dead daemon, the processes it started that still run, and its socket if it is still there. */
export interface LeftBehind {
  /** The dead daemon's pid, or null when only its socket is left. */
  readonly daemonPid: number | null;
  readonly generation: string | null;
  readonly processes: readonly { readonly instance: string; readonly pid: number }[];
  /** The socket file nobody listens on any more, or null. */
  readonly staleSocket: string | null;
}

/**
 * What a dead daemon left, or null when nothing is left or its daemon still runs. Call it
 * once no supervisor answered on the socket: a socket file is then a stale one.
 */
export const leftBehind = (paths: SupervisorPaths): LeftBehind | null => {
  const state = readState(paths.state);
  const staleSocket = existsSync(paths.socket) ? paths.socket : null;
  if (state !== null && pidAlive(state.daemonPid)) return null;
  if (state === null) return staleSocket === null ? null : { daemonPid: null, generation: null, processes: [], staleSocket };
  const processes = state.groups
    .filter((g) => g.startTime !== null && processStartTime(g.pid) === g.startTime && pidAlive(g.pid))
    .map((g) => ({ instance: g.instance, pid: g.pid }));
  return { daemonPid: state.daemonPid, generation: state.generation, processes, staleSocket };
};

/** The processes a dead daemon left, one per line, or null when none runs. */
const listed = (left: LeftBehind): string | null => {
  if (left.processes.length === 0) return null;
  const width = Math.max(...left.processes.map((p) => p.instance.length));
  const list = left.processes.map((p) => `  ${p.instance.padEnd(width)}  pid ${p.pid}`).join('\n');
  return `${left.processes.length === 1 ? 'this one still runs' : `these ${left.processes.length} still run`}, unsupervised:\n${list}`;
};

const socketNote = (left: LeftBehind): string => (left.staleSocket === null ? '' : `\nits stale socket ${left.staleSocket} is still there`);

const REPAIR = 'procform down stops them; procform switch stops them too and deploys again in new processes (they are replaced, not adopted)';

/**
 * The error `status` and the control commands give after a daemon died: what still runs,
 * what is stale, and what `down` and `switch` do about it (a new daemon stops the groups of
 * the dead one before it starts anything, so `switch` replaces them rather than adopting them).
 */
export const leftBehindError = (left: LeftBehind): ControlError => {
  if (left.daemonPid === null) {
    return new ControlError(`no supervisor is running for this state dir; a stale socket ${left.staleSocket} is left by one that ended without removing it`, 'procform down removes it, and procform switch or up replaces it');
  }
  const gone = `the embedded supervisor (pid ${left.daemonPid}) is gone: it was killed without stopping its processes`;
  const running = listed(left);
  if (running === null) return new ControlError(`${gone}; none of them still runs${socketNote(left)}`, 'procform switch starts a new supervisor and deploys again; procform down clears what is left');
  return new ControlError(`${gone}; ${running}${socketNote(left)}`, REPAIR);
};

/**
 * The error of a switch (or rollback) whose supervisor ended before it answered: something
 * may have changed and nothing was put back, which is a partial failure, not a refusal.
 */
export const lostDuringSwitch = (left: LeftBehind | null): DeployError => {
  if (left === null || left.daemonPid === null) {
    return new DeployError('the supervisor ended the connection during the switch without answering; what runs now is unknown', true, { hint: 'procform status shows what runs' });
  }
  const who = `the supervisor (pid ${left.daemonPid})`;
  const running = listed(left);
  return new DeployError(
    `${who} ended during the switch, without stopping its processes; ${running ?? 'none of them still runs'}`,
    true,
    { hint: running === null ? 'procform switch starts a new supervisor and deploys again' : REPAIR },
  );
};

/**
 * Clears away what a dead daemon left: stops the process groups it recorded (those still
 * its own), removes its state file and, unless `keepSocket` (the caller listens there now),
 * its stale socket. Returns the instances stopped. Call it only once no supervisor answers
 * on the socket.
 */
export const clearLeftBehind = async (paths: SupervisorPaths, options: { keepSocket?: boolean } = {}): Promise<{ stopped: string[]; socket: boolean }> => {
  const state = readState(paths.state);
  if (state !== null && pidAlive(state.daemonPid)) return { stopped: [], socket: false };
  const stopped = state === null ? [] : await reapGroups(state.groups);
  if (state !== null) removeState(paths.state);
  if (options.keepSocket) return { stopped, socket: false };
  try {
    unlinkSync(paths.socket);
    return { stopped, socket: true };
  } catch {
    return { stopped, socket: false };
  }
};
