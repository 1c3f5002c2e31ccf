/**
 * ProcessSpec → the s6 record of a process (record.ts): everything its service directory
 * (run, finish, log/run and the one-value control files) is rendered from. Foreground mode is preferred; a process
 * with only a daemon mode runs under a small proxy that waits on its pid file.
 * @module
 */
import { InputError } from '../../errors.js';
import type { ProcessSpec } from '../../model/process-spec.js';
import type { RenderContext } from '../../deploy/backend.js';
import { recordHead, runMode } from '../run-mode.js';
import { withSecretsMode } from '../secrets-command.js';
import type { S6Service } from './record.js';

/** Delays for restarts 1…n, stopping once the maximum is reached. */
export const backoffDelays = (initial: number, factor: number, max: number, maxRestarts: number): number[] => {
  const delays: number[] = [];
  let delay = initial;
  for (let n = 1; n <= Math.max(1, maxRestarts); n++) {
    const value = Math.min(delay, max);
    delays.push(Math.round(value * 1000) / 1000);
    if (value >= max || factor <= 1) break;
    delay *= factor;
  }
  return delays;
};

/** Translates a normalized process into its s6 service record. */
export const translate = (spec: ProcessSpec, context: RenderContext): S6Service => {
  const foreground = spec.foregroundProcess !== null;
  if (!foreground && (spec.stopSignal === 'KILL' || spec.stopSignal === 'STOP')) {
    throw new InputError(`process "${spec.name}": a daemon-mode process runs under a proxy that forwards the stop signal, which cannot be SIG${spec.stopSignal}`,
      'use a stop signal the proxy can catch (e.g. TERM), or give the process a foreground mode');
  }
  const { backoff } = spec.restart;
  return {
    ...recordHead(spec),
    ...withSecretsMode(spec, runMode(spec)),
    environment: spec.environment,
    directory: spec.directory,
    umask: spec.umask,
    nice: spec.nice,
    user: spec.user,
    group: spec.group,
    initialize: spec.initialize,
    stateDirs: spec.stateDirs,
    readiness: spec.readiness,
    notificationFd: spec.readiness?.kind === 'notify' ? spec.readiness.fd : null,
    restart: {
      policy: spec.restart.policy,
      maxRestarts: spec.restart.maxRestarts,
      delays: backoffDelays(backoff.initial, backoff.factor, backoff.max, spec.restart.maxRestarts),
      resetAfter: Math.ceil(backoff.resetAfter),
    },
    downSignal: spec.stopSignal,
    timeoutKill: Math.round(spec.stopTimeout * 1000),
    dependencies: spec.dependencies,
    log: { directory: `${context.settings.logDir}/procform/s6/${spec.name}`, maxSize: 1_000_000, archives: 10 },
  };
};
