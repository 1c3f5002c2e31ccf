/**
 * Where a supervisor keeps its socket, pid and state file: a private directory in the
 * runtime dir, so each user (each state dir) has its own supervisor.
 * @module
 */
import { join } from 'node:path';
import type { BuildSettings } from '../../generation/settings.js';

/** The files of one supervisor. */
export interface SupervisorPaths {
  readonly dir: string;
  readonly socket: string;
  readonly state: string;
  readonly daemonLog: string;
}

/** Paths for the supervisor of a runtime dir and log dir. */
export const supervisorPaths = (runtimeDir: string, logDir: string): SupervisorPaths => {
  const dir = join(runtimeDir, 'procform');
  return { dir, socket: join(dir, 'supervisor.sock'), state: join(dir, 'supervisor.state.json'), daemonLog: join(logDir, 'procform', 'supervisor.log') };
};

/** Paths for the supervisor of the directories a generation was built with. */
export const pathsOf = (settings: Pick<BuildSettings, 'runtimeDir' | 'logDir'>): SupervisorPaths => supervisorPaths(settings.runtimeDir, settings.logDir);
