/**
 * ProcessSpec → the embedded supervisor's record of a process (record.ts): exactly what it
 * needs to run it.
 * @module
 */
import type { ProcessSpec } from '../../model/process-spec.js';
import type { RenderContext } from '../../deploy/backend.js';
import { recordHead, runMode } from '../run-mode.js';
import type { EmbeddedService } from './record.js';

/** Translates a normalized process into the embedded supervisor's record. */
export const translate = (spec: ProcessSpec, context: RenderContext): EmbeddedService => {
  return {
    ...recordHead(spec),
    ...runMode(spec),
    environment: spec.environment,
    directory: spec.directory,
    umask: spec.umask,
    nice: spec.nice,
    user: spec.user,
    group: spec.group,
    initialize: spec.initialize,
    readiness: spec.readiness,
    restart: spec.restart,
    stopSignal: spec.stopSignal,
    stopTimeout: spec.stopTimeout,
    stateDirs: spec.stateDirs,
    stateVersion: spec.stateVersion,
    dependencies: spec.dependencies,
    logFile: `${context.settings.logDir}/procform/${spec.name}.log`,
    ...(spec.secrets === undefined ? {} : { secretsFile: spec.secrets.file }),
  };
};
