/**
 * ProcessSpec → the runit record of a process (record.ts): what its service directory's `run`, `finish`, `check`,
 * `control/t` and `log/run` scripts do, as data. Foreground mode is preferred; a
 * daemon-only process runs under a small shell proxy that waits on its pid file.
 * @module
 */
import type { ProcessSpec } from '../../model/process-spec.js';
import { InputError } from '../../errors.js';
import type { RenderContext } from '../../deploy/backend.js';
import { runitPaths, serviceDirOf } from './paths.js';
import { recordHead, runMode } from '../run-mode.js';
import { withSecretsMode } from '../secrets-command.js';
import type { RunitService } from './record.js';

/** Translates a normalized process into its runit record; rejects what runit cannot carry. */
export const translate = (spec: ProcessSpec, context: RenderContext): RunitService => {
  const where = `process "${spec.instance}"`;
  if (spec.readiness?.kind === 'notify') {
    throw new InputError(`${where}: the runit backend cannot express readiness "notify"`, 'runsv has no readiness notification; use a tcp, http, exec or log probe');
  }
  if (spec.readiness?.kind === 'log' && spec.readiness.stream !== 'both') {
    throw new InputError(`${where}: the runit backend cannot watch only ${spec.readiness.stream} for log readiness`, 'svlogd receives stdout and stderr as one stream; use stream "both"');
  }
  const run = withSecretsMode(spec, runMode(spec));
  const executable = run.command[0]!;
  if (executable.includes('=')) {
    throw new InputError(`${where}: executable ${JSON.stringify(executable)} contains "=", which env(1) would take for a variable`);
  }
  const account = spec.user === null ? undefined : spec.credentials.users[spec.user];
  return {
    ...recordHead(spec),
    ...run,
    environment: spec.environment,
    inheritPath: spec.environment['PATH'] === undefined,
    directory: spec.directory,
    umask: spec.umask,
    nice: spec.nice,
    user: spec.user,
    group: spec.group ?? account?.group ?? null,
    extraGroups: account?.extraGroups ?? [],
    initialize: spec.initialize,
    stateDirs: spec.stateDirs,
    dependencies: spec.dependencies.map((instance) => ({ instance, serviceDir: serviceDirOf(context.settings, instance) })),
    dependencyTimeout: 60,
    serviceDir: serviceDirOf(context.settings, spec.instance),
    readiness: spec.readiness,
    restart: spec.restart,
    stopSignal: spec.stopSignal,
    stopTimeout: spec.stopTimeout,
    log: { dir: `${runitPaths(context.settings).logDir}/${spec.name}`, size: 1_000_000, count: 10 },
  };
};
