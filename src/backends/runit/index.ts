/**
 * The runit backend: one runsv service directory per process under a user-level
 * runsvdir, with svlogd logging.
 * @module
 */
import type { Backend } from '../../deploy/backend.js';
import { observed } from '../observed.js';
import { activator } from './activate.js';
import { manager } from './manager.js';
import { logs, status } from './status.js';
import { render } from './render.js';
import { translate } from './translate.js';
import { runitRecordFile, type RunitService } from './record.js';
import { missingProgram } from '../programs-here.js';

/** The runit backend. */
export const runit: Backend<RunitService> = {
  name: 'runit',
  summary: 'runit: runsvdir + runsv service directories, svlogd logs, chpst for users and nice',
  limitations: [
    { id: 'readiness-notify', feature: 'readiness "notify"', reason: 'runsv has no readiness notification protocol; rejected' },
    { feature: 'readiness "log" with stream stdout or stderr', reason: 'run sends stderr into the same svlogd pipe (exec 2>&1); only stream "both" is accepted' },
    { feature: 'readiness (tcp, http, exec, log)', reason: 'runit has none: the activator probes it; tcp/http/exec are also rendered as ./check for sv start/check, log readiness has no ./check' },
    { feature: 'restart policy "no"/"on-failure", maxRestarts, backoff', reason: 'runsv always restarts: emulated by ./finish (sv down) and a sleep at the top of ./run from a restart counter' },
    { feature: 'daemon mode', reason: 'runsv supervises a foreground process: a shell proxy starts the daemon, waits for its pid file and polls the pid (0.5 s), forwarding signals' },
    { feature: 'stopSignal other than TERM', reason: 'emulated by a control/t script; runsv still sends CONT afterwards' },
    { feature: 'dependencies', reason: 'runit has no ordering: the activator starts in order, and ./run runs sv start on each dependency (runit convention) when runsv restarts it' },
    { feature: 'type "oneshot"', reason: 'runsv only knows long-running services: finish records the exit status and takes the service down; a dependent\'s ./run requires that status to be 0' },
    { feature: 'activation latency', reason: 'runsvdir scans its directory every 5 s, so a new or changed service takes up to ~6 s to appear' },
    { feature: 'user extraGroups', reason: 'chpst -u sets exactly the listed groups (no initgroups): the user\'s primary group and declared extraGroups are listed explicitly' },
  ],
  tested: 'yes (2.1.2)',
  cannotRunHere: () => missingProgram([{ command: 'runsvdir', install: 'apt-get install runit' }, { command: 'sv', install: 'apt-get install runit' }]),
  support: {
    'readiness tcp / http / exec': 'native `check` + emulated',
    'readiness log line': 'emulated (svlogd)',
    'readiness notify fd': 'rejected',
    dependencies: '`sv start DEP` in `run` + start order',
    'restart policy, max restarts': 'emulated in `finish`',
    'exponential backoff': 'emulated in `run`',
    'user, `initialize` as root': '`chpst -u`',
    'directory, umask': '`cd`, `umask`',
    nice: '`chpst -n`',
    'stop signal / timeout': '`control/t`, `sv -w` then KILL',
    logs: '`svlogd`, rotated',
    stateDirs: 'in `run`',
    'daemon-only processes': 'foreground proxy',
  },
  entryName: (spec) => spec.name,
  recordFile: runitRecordFile,
  translate,
  render,
  activator: observed(activator, { status, logs }),
  manager,
};

export type { RunitService } from './record.js';
