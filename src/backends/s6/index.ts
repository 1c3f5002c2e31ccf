/**
 * The s6 backend: one s6 service directory per process (run, finish, log/run with s6-log,
 * notification-fd, down-signal, timeout-kill), supervised by an s6-svscan that procform
 * runs on a scan directory under the state dir.
 * @module
 */
import type { Backend } from '../../deploy/backend.js';
import { observed } from '../observed.js';
import { activator } from './activate.js';
import { manager } from './manager.js';
import { logs, status } from './status.js';
import { render } from './render.js';
import { translate } from './translate.js';
import { s6RecordFile, type S6Service } from './record.js';
import { missingProgram } from '../programs-here.js';

/** The s6 backend. */
export const s6: Backend<S6Service> = {
  name: 's6',
  summary: 's6 service directories supervised by s6-svscan (s6-svc, s6-log)',
  limitations: [
    { feature: 'readiness tcp/http/exec/log', reason: 's6 only knows the notification-fd protocol; the activator probes the other kinds itself at start, s6 does not re-check them after a restart' },
    { feature: 'readiness log stream', reason: 'stdout and stderr go to one s6-log pipe, so a log pattern matches lines of either stream' },
    { feature: 'restart backoff', reason: 's6-supervise waits at least 1 s before respawning a service that was not ready; the finish script sleeps the configured delays on top of that, so every delay is about 1 s longer than declared (except after ready notify services)' },
    { id: 'dependencies', feature: 'dependencies', reason: 's6 has no dependency graph: order is honoured by the activator when it starts services; s6 restarts a crashed process without regard to its dependencies' },
    { feature: 'daemon mode', reason: 's6 supervises a foreground process: a daemon-only process runs under a shell proxy that waits for its pid file and forwards the stop signal; its stop signal cannot be KILL or STOP' },
    { feature: 'oneshot', reason: 'run once by s6-supervise and marked down (finish exits 125) when it succeeds; re-run only when started again' },
  ],
  tested: 'yes (2.11)',
  cannotRunHere: () => missingProgram([{ command: 's6-svscan', install: 'apt-get install s6' }, { command: 's6-svc', install: 'apt-get install s6' }]),
  support: {
    'readiness tcp / http / exec': 'emulated',
    'readiness log line': 'emulated (s6-log)',
    'readiness notify fd': 'native (`notification-fd`)',
    dependencies: 'emulated (start order)',
    'restart policy, max restarts': 'emulated in `finish`',
    'exponential backoff': 'emulated, at least 1 s',
    'user, `initialize` as root': '`s6-setuidgid`',
    'directory, umask': '`cd`, `umask`',
    nice: '`nice -n`',
    'stop signal / timeout': '`down-signal`, `timeout-kill`',
    logs: '`s6-log`, rotated',
    stateDirs: 'in `run`',
    'daemon-only processes': 'foreground proxy',
  },
  entryName: (spec) => spec.name,
  recordFile: s6RecordFile,
  translate,
  render,
  activator: observed(activator, { status, logs }),
  manager,
};

export type { S6Service } from './record.js';
