/**
 * ProcessSpec → one systemd service unit. Foreground processes become `Type=simple`,
 * daemon-only ones `Type=forking` with `PIDFile=`, `type: 'oneshot'` becomes
 * `Type=oneshot` + `RemainAfterExit=yes`. State directories and `initialize` run as
 * `ExecStartPre=+` scripts of the entry (as root even when `User=` is set). Readiness
 * probes systemd lacks (tcp, http, exec, log) are emulated by the activator.
 * @module
 */
import { InputError } from '../../errors.js';
import type { ProcessSpec } from '../../model/process-spec.js';
import type { BuildSettings } from '../../generation/settings.js';
import type { RenderContext } from '../../deploy/backend.js';
import { basename } from 'node:path';
import { stateDirLines } from '../state-dirs.js';
import { READY_FILE, unitReadiness } from './readiness.js';
import type { SystemdUnit } from './record.js';

export const PREPARE_FILE = 'prepare';
export const INITIALIZE_FILE = 'initialize';

/** True when units go to a `systemd --user` manager (PROCFORM_SYSTEMD_USER=1, or user change disabled). */
export const userMode = (settings: Pick<BuildSettings, 'forceDisableUserChange'>): boolean =>
  process.env.PROCFORM_SYSTEMD_USER === '1' || settings.forceDisableUserChange;

export const unitName = (name: string): string => `procform-${name}.service`;
export const TARGET = 'procform.target';

const seconds = (value: number): number => Math.max(0, Math.round(value * 1000) / 1000);

// Owners are set only with user change on (procform as root); without it they are null and
// the directories belong to the calling user anyway.
const prepareScript = (spec: ProcessSpec): string | null => {
  if (spec.stateDirs.length === 0) return null;
  const lines = ['#!/bin/sh', `# procform: state directories of ${spec.name}`, 'set -e'];
  lines.push(...stateDirLines(spec.stateDirs, { groupAlone: 'chgrp' }));
  return `${lines.join('\n')}\n`;
};

/** Translates a normalized process into a systemd service unit. */
export const translate = (spec: ProcessSpec, context: RenderContext): SystemdUnit => {
  if (spec.readiness?.kind === 'notify') {
    throw new InputError(
      `systemd: process "${spec.instance}" uses readiness kind "notify" (a notification fd), which is not systemd's sd_notify protocol`,
      'use a tcp, http, exec or log readiness probe with the systemd backend',
    );
  }
  if (!/^[A-Za-z0-9:_.\\-]+$/.test(spec.name)) {
    throw new InputError(`systemd: process name "${spec.name}" has characters a unit name cannot hold`, 'use letters, digits, ":", "_", "." and "-"');
  }
  const oneshot = spec.type === 'oneshot';
  const foreground = spec.foregroundProcess !== null;
  const scripts: Record<string, string> = {};
  const pre: { privileged: boolean; argv: string[] }[] = [];
  const prepare = prepareScript(spec);
  if (prepare !== null) {
    scripts[PREPARE_FILE] = prepare;
    pre.push({ privileged: true, argv: [`${context.self}/${PREPARE_FILE}`] });
  }
  if (spec.initialize !== '') {
    scripts[INITIALIZE_FILE] = `#!/bin/sh\n# procform: initialize ${spec.name}\n${spec.initialize}\n`;
    // `+`: with full privileges (as root before User= applies), in the unit's environment.
    pre.push({ privileged: true, argv: [`${context.self}/${INITIALIZE_FILE}`] });
  }
  const logBase = `${context.settings.logDir}/procform/systemd/${spec.name}`;
  const logs = { stdout: `${logBase}.out.log`, stderr: `${logBase}.err.log` };
  // A oneshot is ready when it has finished, which systemd knows.
  const ready = oneshot ? null : unitReadiness(spec.name, spec.readiness, logs);
  const post: { privileged: boolean; argv: string[] }[] = [];
  if (ready !== null) {
    scripts[READY_FILE] = ready.script;
    // Probes run in the process's environment and directory; as its user, but for the logs.
    if (ready.marks) pre.push({ privileged: ready.privileged, argv: [`${context.self}/${READY_FILE}`, 'mark'] });
    post.push({ privileged: ready.privileged, argv: [`${context.self}/${READY_FILE}`] });
  }
  // The dependency's entry is named `<hash>-<name>`: its unit is named after that name.
  const deps = spec.dependencies.map((dep) => unitName(basename(context.entryOf(dep)).replace(/^[^-]*-/, '')));
  const policy = spec.restart.policy === 'always' && oneshot ? 'on-failure' : spec.restart.policy;
  const backoff = spec.restart.backoff;
  const burst = spec.restart.maxRestarts + 1;
  const readinessTimeout = spec.readiness?.timeout ?? 90;
  return {
    name: unitName(spec.name),
    unit: {
      Description: spec.description !== '' ? spec.description : spec.name,
      Wants: deps,
      After: deps,
      // maxRestarts restarts within the time they would take with the longest delay, plus resetAfter.
      StartLimitIntervalSec: Math.max(1, Math.ceil(burst * (backoff.max + backoff.resetAfter))),
      StartLimitBurst: Number.isFinite(burst) ? burst : 0,
    },
    service: {
      Type: oneshot ? 'oneshot' : foreground ? 'simple' : 'forking',
      RemainAfterExit: oneshot,
      PIDFile: !oneshot && !foreground ? spec.pidFile : null,
      ExecStartPre: pre,
      ExecStart: foreground ? [spec.foregroundProcess!, ...spec.foregroundProcessArgs] : [spec.daemon!, ...spec.daemonArgs],
      ExecStartPost: post,
      RuntimeDirectory: ready?.marks === true ? `procform-${spec.name}` : null,
      Environment: spec.environment,
      ...(spec.secrets === undefined ? {} : { EnvironmentFile: spec.secrets.file }),
      WorkingDirectory: spec.directory,
      User: spec.user,
      Group: spec.user !== null ? spec.group : null,
      UMask: spec.umask,
      Nice: spec.nice,
      Restart: policy,
      RestartSec: seconds(backoff.initial),
      TimeoutStartSec: Math.max(1, Math.ceil(readinessTimeout)),
      KillSignal: `SIG${spec.stopSignal}`,
      TimeoutStopSec: Math.max(1, Math.ceil(spec.stopTimeout)),
      StandardOutput: `append:${logs.stdout}`,
      StandardError: `append:${logs.stderr}`,
    },
    install: { WantedBy: [TARGET] },
    scripts,
    activation: {
      instance: spec.instance,
      unit: unitName(spec.name),
      type: spec.type,
      readiness: spec.readiness,
      readinessInUnit: ready !== null,
      environment: spec.environment,
      directory: spec.directory,
      user: spec.user,
      group: spec.user !== null ? spec.group : null,
      dependencies: spec.dependencies,
      logs,
    },
  };
};
