/**
 * The bsdrc record of a process: everything its FreeBSD rc.d script needs, as data.
 * Daemon mode is preferred, as in nix-processmgmt: a process that forks runs as rc.subr's
 * `command` itself. A foreground-only process runs under daemon(8)
 * (`command=/usr/sbin/daemon`), which writes the child's pid file (`-p`, the original's
 * missing flag), its own pid file (`-P`, the one rc.subr checks and signals: daemon(8)
 * forwards SIGTERM to the child and exits), restarts it (`-r -R <seconds>`) and appends its
 * output to the log file (`-o`).
 * @module
 */
import type { ProcessSpec } from '../../model/process-spec.js';
import type { Readiness } from '../../model/readiness.js';
import type { StateDir } from '../../model/state-dir.js';
import { SYSTEM_PATH } from '../../model/normalize.js';
import { InputError } from '../../errors.js';
import type { RenderContext } from '../../deploy/backend.js';
import { recordHead } from '../run-mode.js';

/** daemon(8)'s path on FreeBSD. */
export const DAEMON = '/usr/sbin/daemon';

/** The native settings of one rc.d script. */
export interface BsdrcScript {
  readonly formatVersion: 1;
  /** Instance key in the model (the activator reports instances). */
  readonly instance: string;
  /** Script name, `name=`, `# PROVIDE:` and the prefix of every rc.conf variable. */
  readonly name: string;
  readonly description: string;
  readonly type: 'longrun' | 'oneshot';
  /** `daemon`: `command` forks and writes `childPidFile`. `foreground`: daemon(8) supervises it. */
  readonly mode: 'daemon' | 'foreground';
  /** The exact argv rc.subr runs: `command` is argv[0], `command_args` the rest. */
  readonly argv: readonly string[];
  /** The process's own pid file (written by a forking daemon, or by daemon(8) -p). */
  readonly childPidFile: string;
  /** rc.subr's `pidfile=`: the child's (daemon mode) or daemon(8)'s (foreground mode); null for a oneshot. */
  readonly pidFile: string | null;
  /** Exactly the process's environment (`env -i` through `${name}_env`); PATH defaults to the system PATH. */
  readonly environment: Readonly<Record<string, string>>;
  readonly directory: string | null;
  readonly umask: string | null;
  readonly nice: number | null;
  /** `${name}_user`: rc.subr runs the command with `su -m`. */
  readonly user: string | null;
  readonly group: string | null;
  /** Shell code of `start_precmd`, run as root before the user switch. */
  readonly initialize: string;
  readonly stateDirs: readonly StateDir[];
  /** `sig_stop=`. */
  readonly stopSignal: string;
  /** `sig_reload=` with `extra_commands=reload` (daemon mode only: daemon(8) does not forward SIGHUP); null: no reload. */
  readonly reloadSignal: string | null;
  /** `# REQUIRE:` (rcorder): names of the scripts of the dependencies. */
  readonly requires: readonly string[];
  readonly dependencies: readonly string[];
  readonly keywords: readonly string[];
  /** Output of a foreground process (daemon(8) -o). */
  readonly logFile: string;
  /** Waited for by the activator after `onestart` (rc.subr has no readiness). */
  readonly readiness: Readiness | null;
  readonly stopTimeout: number;
}

/** The rc.subr name of a dependency, from its entry path `<store>/<hash>-<name>`. */
const nameOfEntry = (path: string): string => {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dash = base.indexOf('-');
  return dash < 0 ? base : base.slice(dash + 1);
};

/** rc.conf variable names are shell names: the script name must be one. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** rc.subr's `command`: used unquoted, so only an absolute path of characters no shell level treats specially. */
const COMMAND = /^\/[A-Za-z0-9_@%+=:,./-]*$/;

/** Translates a normalized process into its rc.d script's settings. */
export const translate = (spec: ProcessSpec, context: RenderContext): BsdrcScript => {
  const where = `instance "${spec.instance}"`;
  if (!NAME.test(spec.name)) {
    throw new InputError(`${where}: name "${spec.name}" cannot be a FreeBSD rc.d script name`, 'rc.subr builds variable names (<name>_enable, <name>_user, …) from it: use letters, digits and underscores');
  }
  if (spec.readiness?.kind === 'notify') {
    throw new InputError(`${where}: readiness kind "notify" is not supported by the bsdrc backend`, 'neither rc.subr nor daemon(8) has a readiness protocol; use a tcp, http, exec or log probe');
  }
  const daemonMode = spec.daemon !== null && spec.type === 'longrun';
  const foreground = !daemonMode && spec.type === 'longrun';
  if (foreground && spec.stopSignal !== 'TERM') {
    throw new InputError(
      `${where}: stop signal ${spec.stopSignal} cannot be expressed by the bsdrc backend for a foreground process`,
      'the process runs under daemon(8), which forwards only SIGTERM to its child; use stopSignal "TERM" or a daemon mode',
    );
  }
  const logFile = `${context.settings.logDir}/procform/bsdrc/${spec.name}.log`;
  const supervisorPidFile = `${context.settings.runtimeDir}/procform/bsdrc/${spec.name}.daemon.pid`;
  let argv: string[];
  if (daemonMode) {
    if (!COMMAND.test(spec.daemon!)) {
      throw new InputError(
        `${where}: daemon executable "${spec.daemon!}" must be an absolute path of plain characters for the bsdrc backend`,
        'rc.subr checks `command` with test -x, matches it against the process name, and splices it unquoted into the command line it evaluates',
      );
    }
    argv = [spec.daemon!, ...spec.daemonArgs];
  } else {
    const executable = spec.foregroundProcess ?? spec.daemon!;
    const args = spec.foregroundProcess !== null ? spec.foregroundProcessArgs : spec.daemonArgs;
    if (foreground) {
      const restart = spec.restart.policy === 'no' ? [] : ['-r', '-R', String(Math.max(1, Math.ceil(spec.restart.backoff.initial)))];
      argv = [DAEMON, '-f', '-p', spec.pidFile, '-P', supervisorPidFile, ...restart, '-o', logFile, '--', executable, ...args];
    } else {
      // A oneshot runs as rc.subr's command itself; a bare name is looked up by env(1).
      argv = COMMAND.test(executable) ? [executable, ...args] : ['/usr/bin/env', executable, ...args];
    }
  }
  return {
    ...recordHead(spec),
    mode: daemonMode ? 'daemon' : 'foreground',
    argv,
    childPidFile: spec.pidFile,
    pidFile: spec.type === 'oneshot' ? null : daemonMode ? spec.pidFile : supervisorPidFile,
    environment: spec.environment.PATH === undefined ? { PATH: SYSTEM_PATH, ...spec.environment } : spec.environment,
    directory: spec.directory,
    umask: spec.umask,
    nice: spec.nice,
    user: spec.user,
    group: spec.group,
    initialize: spec.initialize,
    stateDirs: spec.stateDirs,
    stopSignal: spec.stopSignal,
    reloadSignal: daemonMode ? 'HUP' : null,
    requires: spec.dependencies.map((dependency) => nameOfEntry(context.entryOf(dependency))),
    dependencies: spec.dependencies,
    keywords: ['shutdown'],
    logFile,
    readiness: spec.readiness,
    stopTimeout: spec.stopTimeout,
  };
};
