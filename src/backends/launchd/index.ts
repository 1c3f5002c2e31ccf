/**
 * The launchd backend (macOS): one job property list `org.procform.<name>.plist` per
 * process, built as data and serialized with the `plist` library. launchd is the manager
 * (no ManagerControl); the activator loads jobs with `launchctl bootstrap` in dependency
 * order and waits for readiness with procform's probes. Generated and parsed in tests,
 * not run: launchd only exists on macOS.
 * @module
 */
import type { Backend } from '../../deploy/backend.js';
import { observed } from '../observed.js';
import { activator } from './activate.js';
import { logs, status } from './status.js';
import { render } from './render.js';
import { translate } from './translate.js';
import { launchdRecordFile, type LaunchdJob } from './record.js';
import { otherSystem } from '../programs-here.js';

/** The launchd backend. */
export const launchd: Backend<LaunchdJob> = {
  name: 'launchd',
  summary: 'launchd job property lists loaded with launchctl bootstrap (macOS; generated and parsed, not run)',
  limitations: [
    { feature: 'secrets', reason: 'launchd reads a job\'s environment only from its property list, which lives in the store, and runs the program directly; a process with secrets is refused' },
    { feature: 'testing', reason: 'generated and parsed, not run: launchd only exists on macOS; the activator is tested against a recording stand-in for launchctl' },
    { id: 'daemon-only', feature: 'daemon mode', reason: 'launchd supervises the process it starts and treats a forking daemon as exited; a process without a foreground mode is rejected' },
    { id: 'dependencies', feature: 'dependencies', reason: 'launchd has no dependency ordering; emulated by the activator, which bootstraps jobs in dependency order and waits for each one\'s readiness first. launchd itself (at a restart or a reload) ignores the order' },
    { id: 'readiness-notify', feature: 'readiness', reason: 'launchd has none; tcp, http, exec and log probes are run by procform after bootstrap (log probes read StandardOutPath/StandardErrorPath). notify is rejected' },
    { feature: 'restart (backoff)', reason: 'launchd has a fixed ThrottleInterval (set to round(backoff.initial), at least 1 s), no exponential backoff, no reset' },
    { feature: 'restart (maxRestarts)', reason: 'launchd has no restart limit: with KeepAlive a failing job is relaunched every ThrottleInterval indefinitely' },
    { id: 'stop-signal', feature: 'stopSignal', reason: 'launchd always stops a job with SIGTERM (then SIGKILL after ExitTimeOut = stopTimeout); any other stopSignal is rejected' },
    { feature: 'initialize and stateDirs', reason: 'launchd has no pre-start hook: bin/prestart is run by the activator (as root when user change is on) before bootstrap, not again when launchd relaunches the job' },
    { feature: 'user', reason: 'UserName/GroupName are applied by launchd in the system domain (as root); in a gui/<uid> domain the job runs as that user' },
    { feature: 'boot persistence', reason: 'plists are bootstrapped from ${libDir}/procform/managers/launchd, not /Library/LaunchDaemons, so launchd does not load them at boot' },
    { id: 'argument-control-character', feature: 'control characters in arguments', reason: 'an XML property list cannot hold control characters other than tab, newline and carriage return; such arguments are rejected' },
    { id: 'environment-control-character', feature: 'control characters in environment values', reason: 'an XML property list cannot hold control characters other than tab, newline and carriage return; such values are rejected' },
  ],
  tested: 'no: generated, parsed back and compared with golden files; `launchctl` checked against a recording stand-in',
  cannotRunHere: () => otherSystem(['darwin'], 'launchd runs on macOS only', 'its files are checked here by parsing them back'),
  support: {
    readiness: 'emulated; notify fd rejected',
    dependencies: 'emulated: bootstrap in dependency order, waiting for readiness',
    'restart policy': 'native `KeepAlive`',
    'exponential backoff': 'not supported (`ThrottleInterval` = initial)',
    'user, `initialize` as root': 'native `UserName`/`GroupName`; initialize run by the activator before bootstrap',
    'directory, umask, nice': 'native (`Umask` as an integer)',
    'stop signal / timeout': 'timeout native (`ExitTimeOut`); a signal other than TERM rejected',
    logs: '`StandardOutPath`/`StandardErrorPath`',
    stateDirs: 'created by the activator',
    'daemon-only processes': 'rejected',
  },
  entryName: (spec) => spec.name,
  recordFile: launchdRecordFile,
  translate,
  render,
  activator: observed(activator, { status, logs }),
};

export type { LaunchdJob, LaunchdPlist } from './record.js';
export { PRESTART_FILE, plistPath, renderPlist } from './render.js';
