/**
 * The s6 record of a process: everything its service directory (run, finish, log/run and
 * the one-value control files) is rendered from. Foreground mode is preferred; a process
 * with only a daemon mode runs under a small proxy that waits on its pid file.
 * @module
 */
import { InputError } from '../../errors.js';
import type { ProcessSpec } from '../../model/process-spec.js';
import type { Readiness } from '../../model/readiness.js';
import type { StateDir } from '../../model/state-dir.js';
import type { RenderContext } from '../../deploy/backend.js';
import { recordHead, runMode } from '../run-mode.js';

/** Log capture by s6-log, rotated by size. */
export interface S6Log {
  /** Directory s6-log writes `current` and its archives to. */
  readonly directory: string;
  /** Bytes after which `current` is rotated (s6-log `s`). */
  readonly maxSize: number;
  /** Archives kept (s6-log `n`). */
  readonly archives: number;
}

/** The restart policy as the finish script implements it. */
export interface S6Restart {
  readonly policy: 'no' | 'on-failure' | 'always';
  readonly maxRestarts: number;
  /** Seconds slept by the finish script before restart n (index n-1); the last value repeats. */
  readonly delays: readonly number[];
  /** Whole seconds of uptime after which the restart count starts again. */
  readonly resetAfter: number;
}

/** One s6 service directory, as data. */
export interface S6Service {
  readonly formatVersion: 1;
  readonly instance: string;
  readonly name: string;
  readonly description: string;
  readonly type: 'longrun' | 'oneshot';
  readonly mode: 'foreground' | 'daemon';
  /** Exact argv; a bare `command[0]` is looked up on the service's PATH. */
  readonly command: readonly string[];
  /** Daemon mode only. */
  readonly pidFile: string | null;
  /** The whole environment of the process (it inherits nothing). */
  readonly environment: Readonly<Record<string, string>>;
  readonly directory: string | null;
  readonly umask: string | null;
  readonly nice: number | null;
  /** Dropped to with s6-setuidgid after `initialize` and the state directories. */
  readonly user: string | null;
  readonly group: string | null;
  readonly initialize: string;
  readonly stateDirs: readonly StateDir[];
  /** `notify` is native (notification-fd); the other kinds are probed by the activator. */
  readonly readiness: Readiness | null;
  readonly notificationFd: number | null;
  readonly restart: S6Restart;
  /** Signal name without SIG (down-signal). */
  readonly downSignal: string;
  /** Milliseconds between the down signal and SIGKILL (timeout-kill). */
  readonly timeoutKill: number;
  readonly dependencies: readonly string[];
  readonly log: S6Log;
}

/** Delays for restarts 1…n, stopping once the maximum is reached. */
export const backoffDelays = (initial: number, factor: number, max: number, maxRestarts: number): number[] => {
  const delays: number[] = [];
  let delay = initial;
  for (let n = 1; n <= Math.max(1, maxRestarts); n++) {
    const value = Math.min(delay, max);
    delays.push(Math.round(value * 1000) / 1000);
    if (value >= max || factor <= 1) break;
    delay *= factor;
  }
  return delays;
};

/** Translates a normalized process into its s6 service record. */
export const translate = (spec: ProcessSpec, context: RenderContext): S6Service => {
  const foreground = spec.foregroundProcess !== null;
  if (!foreground && (spec.stopSignal === 'KILL' || spec.stopSignal === 'STOP')) {
    throw new InputError(`process "${spec.name}": a daemon-mode process runs under a proxy that forwards the stop signal, which cannot be SIG${spec.stopSignal}`,
      'use a stop signal the proxy can catch (e.g. TERM), or give the process a foreground mode');
  }
  const { backoff } = spec.restart;
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
    stateDirs: spec.stateDirs,
    readiness: spec.readiness,
    notificationFd: spec.readiness?.kind === 'notify' ? spec.readiness.fd : null,
    restart: {
      policy: spec.restart.policy,
      maxRestarts: spec.restart.maxRestarts,
      delays: backoffDelays(backoff.initial, backoff.factor, backoff.max, spec.restart.maxRestarts),
      resetAfter: Math.ceil(backoff.resetAfter),
    },
    downSignal: spec.stopSignal,
    timeoutKill: Math.round(spec.stopTimeout * 1000),
    dependencies: spec.dependencies,
    log: { directory: `${context.settings.logDir}/procform/s6/${spec.name}`, maxSize: 1_000_000, archives: 10 },
  };
};
