/**
 * The runit record of a process: what its service directory's `run`, `finish`, `check`,
 * `control/t` and `log/run` scripts do, as data. Foreground mode is preferred; a
 * daemon-only process runs under a small shell proxy that waits on its pid file.
 * @module
 */
import type { ProcessSpec } from '../../model/process-spec.js';
import type { Readiness } from '../../model/readiness.js';
import type { Restart } from '../../model/restart.js';
import type { StateDir } from '../../model/state-dir.js';
import { InputError } from '../../errors.js';
import type { RenderContext } from '../../deploy/backend.js';
import { runitPaths, serviceDirOf } from './paths.js';
import { recordHead, runMode } from '../run-mode.js';

/** A dependency: `run` starts it (`sv start`) before the process itself. */
export interface RunitDependency {
  readonly instance: string;
  /** Absolute path of its service directory in the scan directory. */
  readonly serviceDir: string;
}

/** How one process runs under runsv. */
export interface RunitService {
  readonly formatVersion: 1;
  readonly instance: string;
  readonly name: string;
  readonly description: string;
  readonly type: 'longrun' | 'oneshot';
  readonly mode: 'foreground' | 'daemon';
  /** Exact argv; a bare `command[0]` is looked up on the service's PATH. */
  readonly command: readonly string[];
  /** Daemon mode: the proxy waits on this file. */
  readonly pidFile: string | null;
  /** Exactly the process's environment (`env -i`). */
  readonly environment: Readonly<Record<string, string>>;
  /** True when the model sets no PATH: runsv's PATH is passed on, as the embedded supervisor does. */
  readonly inheritPath: boolean;
  readonly directory: string | null;
  readonly umask: string | null;
  /** Increment given to `chpst -n` (runsv runs at niceness 0). */
  readonly nice: number | null;
  /** `chpst -u` target, applied only when runsv runs as root. */
  readonly user: string | null;
  readonly group: string | null;
  readonly extraGroups: readonly string[];
  readonly initialize: string;
  readonly stateDirs: readonly StateDir[];
  readonly dependencies: readonly RunitDependency[];
  /** Seconds `run` waits (`sv -w`) for a dependency to be up and pass its `check`. */
  readonly dependencyTimeout: number;
  /** This process's own service directory (absolute). */
  readonly serviceDir: string;
  readonly readiness: Readiness | null;
  readonly restart: Restart;
  readonly stopSignal: string;
  readonly stopTimeout: number;
  /** svlogd's directory and its rotation (`s` bytes per file, `n` files kept). */
  readonly log: { readonly dir: string; readonly size: number; readonly count: number };
}

/** Translates a normalized process into its runit record; rejects what runit cannot carry. */
export const translate = (spec: ProcessSpec, context: RenderContext): RunitService => {
  const where = `process "${spec.instance}"`;
  if (spec.readiness?.kind === 'notify') {
    throw new InputError(`${where}: the runit backend cannot express readiness "notify"`, 'runsv has no readiness notification; use a tcp, http, exec or log probe');
  }
  if (spec.readiness?.kind === 'log' && spec.readiness.stream !== 'both') {
    throw new InputError(`${where}: the runit backend cannot watch only ${spec.readiness.stream} for log readiness`, 'svlogd receives stdout and stderr as one stream; use stream "both"');
  }
  const run = runMode(spec);
  const executable = run.command[0]!;
  if (executable.includes('=')) {
    throw new InputError(`${where}: executable ${JSON.stringify(executable)} contains "=", which env(1) would take for a variable`);
  }
  const account = spec.user === null ? undefined : spec.credentials.users[spec.user];
  return {
    ...recordHead(spec),
    ...run,
    environment: spec.environment,
    inheritPath: spec.environment['PATH'] === undefined,
    directory: spec.directory,
    umask: spec.umask,
    nice: spec.nice,
    user: spec.user,
    group: spec.group ?? account?.group ?? null,
    extraGroups: account?.extraGroups ?? [],
    initialize: spec.initialize,
    stateDirs: spec.stateDirs,
    dependencies: spec.dependencies.map((instance) => ({ instance, serviceDir: serviceDirOf(context.settings, instance) })),
    dependencyTimeout: 60,
    serviceDir: serviceDirOf(context.settings, spec.instance),
    readiness: spec.readiness,
    restart: spec.restart,
    stopSignal: spec.stopSignal,
    stopTimeout: spec.stopTimeout,
    log: { dir: `${runitPaths(context.settings).logDir}/${spec.name}`, size: 1_000_000, count: 10 },
  };
};
