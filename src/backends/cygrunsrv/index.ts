/**
 * The cygrunsrv backend: each process becomes a Windows service run by Cygwin's cygrunsrv
 * (`procform-<name>`). The entry holds the exact `cygrunsrv --install` argv as data and the
 * scripts that run it; the activator drives the `cygrunsrv` on PATH. Generated, not run:
 * cygrunsrv only exists on Cygwin, so tests check the files and the command sequence with
 * a recording stand-in.
 * @module
 */
import type { Backend } from '../../deploy/backend.js';
import { observed } from '../observed.js';
import { activator } from './activate.js';
import { logs, status } from './status.js';
import { render } from './render.js';
import { translate } from './translate.js';
import { cygrunsrvRecordFile, type CygrunsrvService } from './record.js';
import { otherSystem } from '../programs-here.js';

/** The cygrunsrv backend. */
export const cygrunsrv: Backend<CygrunsrvService> = {
  name: 'cygrunsrv',
  summary: 'Windows services through Cygwin cygrunsrv (generated, not run here)',
  limitations: [
    { feature: 'secrets', reason: 'cygrunsrv keeps a service\'s environment in the Windows registry, readable by local users; a process with secrets is refused' },
    { feature: 'restart', reason: 'cygrunsrv does not restart a process; policy "always" sets --neverexits so an exit is a service failure, and Windows recovery actions (sc failure, not configured by procform) decide; backoff and maxRestarts are not expressible' },
    { feature: 'stop timeout', reason: 'cygrunsrv sends --termsig once to the process group and waits; there is no timeout or SIGKILL escalation (stopTimeout is unused)' },
    { feature: 'stop signal', reason: 'native --termsig (any signal name Cygwin knows; others are rejected). cygrunsrv signals the process group of a foreground process, only the pid of a --pidfile daemon' },
    { feature: 'environment', reason: 'cygrunsrv adds --env values to the service environment Windows gives it (not a clean environment) and appends :/bin to PATH; at most 255 variables' },
    { feature: 'arguments', reason: 'cygrunsrv splits --args at spaces with one level of \' or " quotes and no escapes; an argv it cannot carry is written into the sh start script instead' },
    { feature: 'user', reason: 'native --user runs cygrunsrv itself as that Windows account; its password is read from PROCFORM_CYGRUNSRV_PASSWORD at install (else cygrunsrv prompts); initialize therefore runs as that user, not as an administrator' },
    { feature: 'umask, nice, initialize, stateDirs', reason: 'no cygrunsrv option: emulated by a sh start script used as --path that execs the process' },
    { id: 'readiness-notify', feature: 'readiness', reason: 'cygrunsrv has none: tcp, http, exec and log probes are run by procform after --start (log lines come from the --stdout/--stderr files); notify is rejected' },
    { feature: 'directory', reason: 'native --chdir; cygrunsrv logs a failing chdir and starts the process anyway' },
    { feature: 'logs', reason: 'native --stdout/--stderr files under ${logDir}/procform/cygrunsrv/<name>.{out,err}.log' },
    { id: 'oneshot', feature: 'oneshot', reason: 'a Windows service is long-running: rejected' },
    { feature: 'dependencies', reason: 'native --dep (the Service Control Manager starts dependencies first); at most 16' },
  ],
  tested: 'no: argument lists and scripts replayed against a recording cygrunsrv',
  cannotRunHere: () => otherSystem(['cygwin', 'win32'], 'cygrunsrv runs on Windows (Cygwin) only', 'its commands are checked here against a recording stand-in'),
  support: {
    readiness: 'emulated; notify fd rejected',
    dependencies: 'native `--dep` + start order',
    'restart policy': '`--neverexits` (restarting is left to Windows recovery rules)',
    'exponential backoff': 'not supported',
    'user, `initialize` as root': '`--user` (initialize then runs as that user)',
    'directory, umask, nice': '`--chdir`; umask and nice in a start script',
    'stop signal / timeout': '`--termsig`; timeout not supported',
    logs: '`--stdout`/`--stderr` files',
    stateDirs: 'start script',
  },
  entryName: (spec) => spec.name,
  recordFile: cygrunsrvRecordFile,
  translate,
  render,
  activator: observed(activator, { status, logs }),
};

export type { CygrunsrvService } from './record.js';
export { installArgv, argsString, INSTALL_JSON, INSTALL_SCRIPT, REMOVE_SCRIPT } from './render.js';
export { encodeArg, encodeArgs, splitArgs } from './args.js';
