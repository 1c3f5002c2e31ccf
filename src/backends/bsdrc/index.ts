/**
 * The bsdrc backend: one FreeBSD rc.d script per process (rc.subr, rcorder, daemon(8)), plus
 * an rc.conf fragment enabling the deployment. Generated and checked, not run: FreeBSD's
 * rc.subr, service(8) and daemon(8) do not exist here; the tests run every script under a
 * stand-in rc.subr that builds the command line exactly as FreeBSD's does.
 * @module
 */
import type { Backend } from '../../deploy/backend.js';
import { observed } from '../observed.js';
import { activator } from './activate.js';
import { logs, status } from './status.js';
import { render } from './render.js';
import { translate } from './translate.js';
import { bsdrcRecordFile, type BsdrcScript } from './record.js';
import { otherSystem } from '../programs-here.js';

/** The bsdrc backend. */
export const bsdrc: Backend<BsdrcScript> = {
  name: 'bsdrc',
  summary: 'FreeBSD rc.d scripts (rc.subr, daemon(8) for foreground processes); generated and checked, not run',
  limitations: [
    { feature: 'secrets', reason: 'rc.subr runs `command` itself and matches the running process by its name, so no loader can stand in front of it; not run here either; a process with secrets is refused' },
    { feature: 'execution', reason: 'generated and checked, not run: the tests run each script under a stand-in rc.subr on Linux, not on FreeBSD' },
    { id: 'readiness-notify', feature: 'readiness (notify)', reason: 'neither rc.subr nor daemon(8) has a readiness protocol; rejected. tcp, http, exec and log probes are run by procform after `service <name> onestart`' },
    { feature: 'readiness (log streams)', reason: 'daemon(8) -o writes stdout and stderr to one file, so a log probe matches lines of either stream' },
    { feature: 'restart (daemon mode)', reason: 'a forking daemon is rc.subr\'s command itself: nothing supervises it, so it is not restarted' },
    {
      feature: 'restart (foreground)',
      reason: 'daemon(8) -r restarts after any exit (on-failure restarts after a clean exit too), with a fixed delay -R = ceil(backoff.initial); the backoff growth and maxRestarts are not expressible',
    },
    { id: 'stop-signal', feature: 'stop signal (foreground)', reason: 'daemon(8) forwards only SIGTERM to its child; another stop signal for a foreground process is rejected' },
    { feature: 'stop timeout', reason: 'rc.subr waits for the process to exit without escalating to SIGKILL; the timeout is not enforced' },
    { feature: 'logs (daemon mode)', reason: 'a forking daemon\'s output is not captured (rc.subr does not redirect it); foreground processes log through daemon(8) -o' },
    {
      feature: 'user',
      reason: 'rc.subr runs the command with `su -m <user> -c \'sh -c "…"\'` in root\'s login shell; the quoting assumes a POSIX login shell for root (sh, the default since FreeBSD 14), not csh',
    },
    { feature: 'names', reason: 'the process name becomes rc.conf variable names, so it must be a shell name (letters, digits, underscores); others are rejected' },
    { feature: 'daemon executable', reason: 'rc.subr uses `command` unquoted and as the process name: a daemon executable must be an absolute path of plain characters' },
    { feature: 'environment', reason: 'passed with `env -i` through ${name}_env: exactly the model\'s environment (PATH defaults to the system PATH)' },
  ],
  tested: 'no: scripts pass `sh -n`, match golden files and run under a stand-in rc.subr',
  cannotRunHere: () => otherSystem(['freebsd'], 'rc.d scripts run on FreeBSD only', 'here they pass sh -n and run under a stand-in rc.subr in procform\'s tests'),
  support: {
    readiness: 'emulated; notify fd rejected',
    dependencies: 'native `# REQUIRE:` + start order',
    'restart policy': 'foreground: `daemon -r -R`; daemon mode: none',
    'exponential backoff': 'not supported',
    'user, `initialize` as root': 'native `<name>_user`; initialize in `start_precmd`',
    'directory, umask, nice': '`<name>_chdir`, `umask` in `start_precmd`, `<name>_nice`',
    'stop signal / timeout': '`sig_stop=` (daemon mode; other signals rejected for foreground); timeout not enforced',
    logs: '`daemon -o` file (foreground)',
    stateDirs: '`start_precmd`',
  },
  entryName: (spec) => spec.name,
  recordFile: bsdrcRecordFile,
  translate,
  render,
  activator: observed(activator, { status, logs }),
};

export type { BsdrcScript } from './record.js';
export { scriptPath, rcConfPath, encodeWords } from './render.js';
