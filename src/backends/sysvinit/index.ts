/**
 * The sysvinit backend: one LSB init script per process, run by start-stop-daemon. There
 * is no daemon to talk to (no ManagerControl): the activator runs the scripts itself, in
 * dependency order, and waits for readiness with procform's probes.
 * @module
 */
import type { Backend } from '../../deploy/backend.js';
import { observed } from '../observed.js';
import { activator } from './activate.js';
import { logs, status } from './status.js';
import { render } from './render.js';
import { translate } from './translate.js';
import { sysvinitRecordFile, type SysvinitScript } from './record.js';
import { missingProgram } from '../programs-here.js';

/** The sysvinit backend. */
export const sysvinit: Backend<SysvinitScript> = {
  name: 'sysvinit',
  summary: 'LSB init scripts run with start-stop-daemon (no supervision)',
  limitations: [
    {
      feature: 'restart',
      reason: 'sysvinit does not supervise: a crashed process is not restarted (the policy and backoff are recorded but unused); `status` reports it (exit 1) and the next switch restarts it',
    },
    {
      id: 'readiness-notify',
      feature: 'readiness (notify)',
      reason: 'start-stop-daemon only waits for the systemd notification socket, not an s6 notification fd; rejected. tcp, http, exec and log probes are run by procform after `start`',
    },
    {
      feature: 'readiness (log streams)',
      reason: 'stdout and stderr share one log file, so a log probe matches lines of either stream',
    },
    {
      feature: 'stop of process trees',
      reason: 'start-stop-daemon signals only the pid in the pid file, not its process group',
    },
    {
      feature: 'user',
      reason: 'applied with start-stop-daemon --chuid only when the script runs as root; run by another user, the process runs as that user',
    },
  ],
  tested: 'yes (scripts run by sh, start-stop-daemon)',
  cannotRunHere: () => missingProgram([{ command: 'start-stop-daemon', install: 'apt-get install dpkg' }]),
  support: {
    'readiness tcp / http / exec': 'emulated',
    'readiness log line': 'emulated (log file)',
    'readiness notify fd': 'rejected',
    dependencies: '`Required-Start`, S/K sequence numbers, start order',
    'restart policy, max restarts': 'not supported: a crash is reported by `status` and healed by the next switch',
    'exponential backoff': 'not supported',
    'user, `initialize` as root': '`--chuid`',
    'directory, umask': '`--chdir`, `--umask`',
    nice: '`--nicelevel`',
    'stop signal / timeout': '`--retry SIG/timeout/KILL` (pid only, not the group)',
    logs: 'appended file (`--output`), not rotated',
    stateDirs: 'in the script',
    'daemon-only processes': 'preferred mode',
  },
  entryName: (spec) => spec.name,
  recordFile: sysvinitRecordFile,
  translate,
  render,
  activator: observed(activator, { status, logs, unavailable: { manager: 'sysvinit scripts need no daemon: procform switch -P sysvinit runs them' } }),
};

export type { SysvinitScript } from './record.js';
export { scriptPath } from './render.js';
export { runActivity, type Activity, type ActivityOutcome } from './run-activity.js';
