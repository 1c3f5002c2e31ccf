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
import { SYSTEM_PATH } from '../../model/normalize.js';
import { InputError } from '../../errors.js';
import type { RenderContext } from '../../deploy/backend.js';
import { recordHead } from '../run-mode.js';
import type { BsdrcScript } from './record.js';
import { refuseSecrets } from '../secrets-command.js';

/** daemon(8)'s path on FreeBSD. */
export const DAEMON = '/usr/sbin/daemon';

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
  refuseSecrets(spec, 'bsdrc', 'rc.subr runs `command` itself and matches the running process by its name, so no loader can stand in front of it; not run here either');
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
