/**
 * The embedded supervisor's record of a process: exactly what it needs to run it, as
 * data. The store entry holding this record is the process's identity on a switch: any
 * change to it restarts the process.
 * @module
 */
import type { ProcessSpec } from '../../model/process-spec.js';
import type { Readiness } from '../../model/readiness.js';
import type { Restart } from '../../model/restart.js';
import type { StateDir } from '../../model/state-dir.js';
import type { RenderContext } from '../../deploy/backend.js';
import { recordHead, runMode } from '../run-mode.js';

/** How the supervisor runs and watches a process. */
export interface EmbeddedService {
  readonly formatVersion: 1;
  readonly instance: string;
  readonly name: string;
  readonly description: string;
  /** `longrun` is supervised; `oneshot` runs once and counts as ready when it exits 0. */
  readonly type: 'longrun' | 'oneshot';
  /**
   * `foreground`: the supervisor's child is the process. `daemon`: the child forks and
   * exits, and the daemon is watched through `pidFile`. Foreground is preferred.
   */
  readonly mode: 'foreground' | 'daemon';
  /** Exact argv; a bare `command[0]` is looked up on the service's PATH. */
  readonly command: readonly string[];
  /** Set in daemon mode. */
  readonly pidFile: string | null;
  readonly environment: Readonly<Record<string, string>>;
  readonly directory: string | null;
  /** Octal string, e.g. "0022". */
  readonly umask: string | null;
  readonly nice: number | null;
  /** User to drop to (only honoured when the supervisor runs as root). */
  readonly user: string | null;
  /** Primary group; null means the user's own primary group. */
  readonly group: string | null;
  /** Shell code run before every start, as root when the supervisor is root. */
  readonly initialize: string;
  readonly readiness: Readiness | null;
  readonly restart: Restart;
  readonly stopSignal: string;
  /** Seconds. */
  readonly stopTimeout: number;
  readonly stateDirs: readonly StateDir[];
  readonly stateVersion: string | null;
  /** Instance names this process needs ready before it starts. */
  readonly dependencies: readonly string[];
  /** Where its output is logged (rotated by size). */
  readonly logFile: string;
}

/** Translates a normalized process into the embedded supervisor's record. */
export const translate = (spec: ProcessSpec, context: RenderContext): EmbeddedService => {
  return {
    ...recordHead(spec),
    ...runMode(spec),
    environment: spec.environment,
    directory: spec.directory,
    umask: spec.umask,
    nice: spec.nice,
    user: spec.user,
    group: spec.group,
    initialize: spec.initialize,
    readiness: spec.readiness,
    restart: spec.restart,
    stopSignal: spec.stopSignal,
    stopTimeout: spec.stopTimeout,
    stateDirs: spec.stateDirs,
    stateVersion: spec.stateVersion,
    dependencies: spec.dependencies,
    logFile: `${context.settings.logDir}/procform/${spec.name}.log`,
  };
};
