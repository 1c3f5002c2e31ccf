/**
 * The supervisord backend: one `[program:x]` section per process, linked into the include
 * directory of a supervisord instance that procform runs (`procform manager start
 * supervisord`). supervisord restarts and logs; procform orders starts by dependency and
 * waits for readiness, which supervisord cannot do.
 * @module
 */
import type { Backend } from '../../deploy/backend.js';
import { observed } from '../observed.js';
import { activator } from './activate.js';
import { manager } from './manager.js';
import { logs, status } from './status.js';
import { render } from './render.js';
import { translate } from './translate.js';
import { supervisordRecordFile, type SupervisordProgram } from './record.js';
import { missingProgram } from '../programs-here.js';

/** The supervisord backend. */
export const supervisord: Backend<SupervisordProgram> = {
  name: 'supervisord',
  summary: 'supervisord programs (include dir of a procform-run supervisord; supervisorctl reread/update)',
  limitations: [
    { id: 'readiness-notify', feature: 'readiness kind "notify"', reason: 'supervisord passes no notification fd to its programs; rejected at build time' },
    { feature: 'readiness (tcp, http, exec, log)', reason: 'supervisord has no readiness probes: procform probes during a switch only (log readiness by reading the log files)' },
    { id: 'dependencies', feature: 'dependencies', reason: 'supervisord has no dependency waiting: priority= follows dependency depth, and procform starts programs in dependency order during a switch; supervisord restarts a crashed program without regard to its dependencies' },
    { feature: 'restart backoff (initial, factor, max)', reason: "supervisord's backoff is fixed (1 s more per attempt) and applies only to exits within startsecs; resetAfter becomes startsecs and maxRestarts startretries" },
    { feature: 'restart policy "on-failure" for exits before startsecs', reason: 'supervisord retries every exit before startsecs, even code 0' },
    { feature: 'nice', reason: 'supervisord has no nice setting: the command runs through nice -n N' },
    { feature: 'initialize with user', reason: 'supervisord has no pre-start hook: a wrapper runs initialize as root and drops to the user with setpriv (user= is left unset)' },
    { feature: 'daemon-only processes', reason: 'supervisord supervises foreground processes: a proxy script starts the daemon and waits on its pid file, forwarding stop signals; SIGKILL after stopwaitsecs reaches only the proxy' },
    { feature: 'environment values with both quote kinds, leading/trailing quotes, line breaks, or ";"/"#" after whitespace', reason: "supervisord's environment= syntax cannot carry them: such variables are exported by a wrapper script instead" },
    { feature: 'state directories', reason: 'created by procform before each start it performs, not before supervisord restarts a crashed program' },
    { feature: 'environment', reason: 'programs also see supervisord\'s own environment (PATH, LANG) and SUPERVISOR_* variables' },
  ],
  tested: 'yes (4.2.5)',
  cannotRunHere: () => missingProgram([{ command: 'supervisord', install: 'apt-get install supervisor' }, { command: 'supervisorctl', install: 'apt-get install supervisor' }]),
  support: {
    'readiness tcp / http / exec': 'emulated by the activator',
    'readiness log line': 'emulated (log files)',
    'readiness notify fd': 'rejected',
    dependencies: 'emulated (start order, readiness) + `priority`',
    'restart policy, max restarts': 'native (`autorestart`, `startretries`)',
    'exponential backoff': 'supervisord\'s own (+1 s per try)',
    'user, `initialize` as root': 'native `user=` / `setpriv` wrapper',
    'directory, umask': 'native',
    nice: 'emulated (`nice -n`)',
    'stop signal / timeout': 'native (`stopsignal`, `stopwaitsecs`, group kill)',
    logs: 'native, rotated',
    stateDirs: 'emulated (activator)',
    'daemon-only processes': 'foreground proxy',
  },
  entryName: (spec) => spec.name,
  recordFile: supervisordRecordFile,
  translate,
  render,
  activator: observed(activator, { status, logs }),
  manager,
};

export type { SupervisordProgram } from './record.js';
