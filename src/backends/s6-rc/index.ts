/**
 * The s6-rc backend: s6-rc source definition directories, generated only (Debian 12 has no
 * s6-rc, so nothing here compiles or runs them).
 * @module
 */
import type { Backend } from '../backend.js';
import { render } from './render.js';
import { translate } from './translate.js';
import type { S6RcProcess } from './record.js';

/** The s6-rc backend. */
export const s6rc: Backend<S6RcProcess> = {
  name: 's6-rc',
  summary: 's6-rc source definition directories (longrun + logger pipelines, oneshots, a default bundle); generated only',
  limitations: [
    { feature: 'activation', reason: 'Debian 12 has no s6-rc: generated and checked by structure, not run; copy every entry of a generation into one directory and run s6-rc-compile on it' },
    { feature: 'daemon mode', reason: 'a daemon-only process becomes an unsupervised oneshot: up starts it and waits for its pid file, down sends the stop signal to the pid in the pid file; no restart, no stop timeout' },
    { feature: 'readiness log', reason: 'rejected: s6-rc only knows the notification fd, and a logger pipeline gives the service no view of its own lines' },
    { feature: 'readiness tcp/http/exec', reason: 'emulated with s6-notifyoncheck, which runs a bash /dev/tcp or the exec check and notifies on fd 3' },
    { feature: 'restart backoff', reason: 's6-supervise waits at least 1 s before respawning a service that was not ready; the finish script sleeps the configured delays on top of that' },
  ],
  tested: 'no: structure and golden files',
  support: {
    'readiness tcp / http / exec': '`s6-notifyoncheck`',
    'readiness log line': 'rejected',
    'readiness notify fd': 'native',
    dependencies: '`dependencies.d`',
    'restart policy, max restarts': 'emulated in `finish`',
    'exponential backoff': 'emulated',
    'user, `initialize` as root': '`s6-setuidgid`',
    'directory, umask': 'same as s6',
    nice: '`nice -n`',
    'stop signal / timeout': 'same as s6',
    logs: '`<name>-log` consumer',
    stateDirs: 'in `run`',
    'daemon-only processes': 'oneshot',
  },
  entryName: (spec) => spec.name,
  // The entries of a generation are copied into one source tree: one name per process,
  // in a directory s6-rc-compile skips like every name starting with a dot.
  inputsPath: (spec) => `.procform-inputs/${spec.name}.json`,
  translate,
  render,
};

export type { S6RcProcess } from './record.js';
