/**
 * The s6-rc backend: s6-rc source definition directories (a longrun and its logger as a
 * pipeline, or a oneshot, in one `default` bundle), compiled per generation and switched
 * with s6-rc-update on an s6-svscan that procform runs on a scan directory of its own.
 * @module
 */
import type { Backend } from '../../deploy/backend.js';
import { activator } from './activate.js';
import { manager } from './manager.js';
import { observed } from '../observed.js';
import { logs, status } from './status.js';
import { render } from './render.js';
import { translate } from './translate.js';
import type { S6RcProcess } from './record.js';
import { missingProgram } from '../programs-here.js';

/** The s6-rc backend. */
export const s6rc: Backend<S6RcProcess> = {
  name: 's6-rc',
  summary: 's6-rc source definitions (longrun + logger pipelines, oneshots, a default bundle), compiled and switched with s6-rc-update',
  limitations: [
    { feature: 'daemon mode', reason: 'a daemon-only process becomes an unsupervised oneshot: up starts it and waits for its pid file, down sends the stop signal to the pid in the pid file; no restart, no stop timeout' },
    { feature: 'readiness log', reason: 's6-rc only knows the notification fd: the activator follows the logger\'s file while a switch starts the process; s6-rc change run by hand does not wait for the line' },
    { feature: 'readiness tcp/http/exec', reason: 'emulated with s6-notifyoncheck, which runs a bash /dev/tcp or the exec check and notifies on fd 3' },
    { feature: 'restart backoff', reason: 's6-supervise waits at least 1 s before respawning a service that was not ready; the finish script sleeps the configured delays on top of that' },
  ],
  tested: 'yes (0.5.4.1, built from source)',
  cannotRunHere: () => missingProgram([{ command: 's6-svscan', install: 'apt-get install s6 execline' }, ...['s6-rc-compile', 's6-rc-init', 's6-rc-update', 's6-rc'].map((command) => ({ command, install: 'Debian 12 has no s6-rc package: build it with scripts/build-s6-rc' }))]),
  support: {
    'readiness tcp / http / exec': '`s6-notifyoncheck`',
    'readiness log line': 'emulated (the logger\'s file, during a switch)',
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
  activator: observed(activator, { status, logs }),
  manager,
};

export type { S6RcProcess } from './record.js';
