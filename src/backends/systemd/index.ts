/**
 * The systemd backend: one `procform-<name>.service` unit per process, grouped by
 * `procform.target`, linked into the unit directory of the system manager or, in user mode
 * (PROCFORM_SYSTEMD_USER=1, or user change disabled), of a `systemd --user` manager.
 * procform does not start systemd itself: there is no ManagerControl.
 * @module
 */
import type { Backend } from '../../deploy/backend.js';
import { observed } from '../observed.js';
import { activator, setEnabled } from './activate.js';
import { logs, status } from './status.js';
import { render } from './render.js';
import { translate } from './translate.js';
import { systemdRecordFile, type SystemdUnit } from './record.js';
import { inSandbox, sandboxMissing } from './sandbox.js';

/** The systemd backend. */
export const systemd: Backend<SystemdUnit> = {
  name: 'systemd',
  summary: 'systemd service units + procform.target (system manager, or systemd --user with PROCFORM_SYSTEMD_USER=1 / user change disabled)',
  limitations: [
    { id: 'readiness-notify', feature: 'readiness kind "notify"', reason: "procform's notify readiness writes to a file descriptor (the s6 protocol), not sd_notify: rejected at build time" },
    { feature: 'readiness (tcp, http, exec, log)', reason: "systemd has no probes of its own: each unit runs a bash script as ExecStartPost= (/dev/tcp for tcp and http, the command for exec, grep -E over the unit's log files for log), so systemd holds dependents until it passes, at boot too; a log pattern grep -E would read otherwise than JavaScript is probed by procform during a switch only" },
    { feature: 'restart backoff (factor, max)', reason: 'exponential backoff needs RestartSteps=/RestartMaxDelaySec= (systemd >= 254); the delay is fixed at backoff.initial (RestartSec=)' },
    { feature: 'restart maxRestarts, resetAfter', reason: 'approximated by StartLimitBurst=maxRestarts+1 within StartLimitIntervalSec=(maxRestarts+1)*(max+resetAfter)' },
    { feature: 'restart policy "always" for oneshot', reason: 'systemd refuses Restart=always for Type=oneshot: becomes on-failure' },
    { feature: 'user (user mode)', reason: "only root's own user manager can change users: with PROCFORM_SYSTEMD_USER=1 as root units keep User=; an ordinary user deploys without user change, so their units have none" },
    { feature: 'state directories', reason: 'StateDirectory= only takes paths below /var/lib: created by an ExecStartPre=+ script (mkdir, chmod, chown) before every start, restarts included; not chowned in user mode' },
    { feature: 'logs', reason: 'StandardOutput=/StandardError=append: files under the log dir, without rotation' },
    { feature: 'description', reason: 'line breaks become spaces' },
    { feature: 'process names', reason: 'must be valid unit name characters ([A-Za-z0-9:_.-])' },
  ],
  tested: 'user units under a real `systemd --user` (`scripts/systemd-user-sandbox`); system units verified with `systemd-analyze` only',
  cannotRunHere: sandboxMissing,
  testSandbox: inSandbox,
  support: {
    readiness: 'native for oneshot and forking; tcp/http/exec/log through an `ExecStartPost=` script (bash `/dev/tcp`, the command, `grep -E` over the logs since the start; a log pattern `grep -E` would read otherwise is probed by procform during a switch only); notify fd rejected',
    dependencies: 'native `Wants=` + `After=`, plus start order',
    'restart policy': 'native `Restart=`, `StartLimitBurst=`',
    'exponential backoff': 'not supported (needs systemd ≥ 254; `RestartSec=` = initial)',
    'user, `initialize` as root': 'native `User=`/`Group=`, `ExecStartPre=+` (system units, and user units of root\'s own manager; an ordinary user deploys without user change)',
    'directory, umask, nice': 'native',
    'stop signal / timeout': 'native `KillSignal=`, `TimeoutStopSec=`',
    logs: '`append:` files, not rotated',
    stateDirs: '`ExecStartPre=+` script',
    'daemon-only processes': '`Type=forking` + `PIDFile=`',
  },
  entryName: (spec) => spec.name,
  recordFile: systemdRecordFile,
  translate,
  render,
  activator: { ...observed(activator, { status, logs }), enable: setEnabled },
};

export type { SystemdUnit } from './record.js';
export { setEnabled } from './activate.js';
