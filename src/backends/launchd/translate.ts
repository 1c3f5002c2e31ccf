/**
 * The launchd record of a process: the property list of its job (`plist`, keys exactly as
 * launchd names them, so `overrides.launchd` can set any plist key), plus what launchd
 * cannot express and the activator does instead (initialize, state directories,
 * dependency order, readiness). launchd only supervises foreground processes.
 * @module
 */
import type { ProcessSpec } from '../../model/process-spec.js';
import { SYSTEM_PATH } from '../../model/normalize.js';
import { InputError } from '../../errors.js';
import type { RenderContext } from '../../deploy/backend.js';
import { recordHead } from '../run-mode.js';
import type { KeepAlive, LaunchdJob, LaunchdPlist } from './record.js';
import { refuseSecrets } from '../secrets-command.js';

/** Prefix of every job label. */
export const LABEL_PREFIX = 'org.procform.';

/** Characters an XML 1.0 property list cannot hold (tab, newline and carriage return can). */
// eslint-disable-next-line no-control-regex
const UNREPRESENTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

const keepAliveOf = (policy: ProcessSpec['restart']['policy']): KeepAlive =>
  policy === 'always' ? true : policy === 'on-failure' ? { SuccessfulExit: false } : false;

/** Translates a normalized process into its launchd job. */
export const translate = (spec: ProcessSpec, context: RenderContext): LaunchdJob => {
  refuseSecrets(spec, 'launchd', 'launchd reads a job\'s environment only from its property list, which lives in the store, and runs the program directly');
  const fail = (problem: string, hint?: string): never => {
    throw new InputError(`instance "${spec.instance}": ${problem}`, hint);
  };
  if (spec.foregroundProcess === null) {
    fail('the launchd backend needs a foreground process', 'launchd supervises the process it starts and treats a forking daemon as exited; declare `process` or `foregroundProcess`');
  }
  if (spec.readiness?.kind === 'notify') {
    fail('readiness kind "notify" is not supported by the launchd backend', 'launchd has no readiness protocol; use a tcp, http, exec or log probe (run by procform after bootstrap)');
  }
  if (spec.stopSignal !== 'TERM') {
    fail(`stopSignal ${spec.stopSignal} is not supported by the launchd backend`, 'launchd always stops a job with SIGTERM, then SIGKILL after ExitTimeOut');
  }
  const argv = [spec.foregroundProcess!, ...spec.foregroundProcessArgs];
  const environment = spec.environment.PATH === undefined ? { PATH: SYSTEM_PATH, ...spec.environment } : { ...spec.environment };
  for (const value of [...argv, ...Object.keys(environment), ...Object.values(environment), spec.directory ?? '']) {
    if (UNREPRESENTABLE.test(value)) {
      fail(`the value ${JSON.stringify(value.slice(0, 60))} holds a control character a property list cannot represent`, 'XML 1.0 allows only tab, newline and carriage return among control characters');
    }
  }
  const logDir = `${context.settings.logDir}/procform/launchd`;
  const { initial } = spec.restart.backoff;
  const plist: LaunchdPlist = {
    Label: `${LABEL_PREFIX}${spec.name}`,
    ProgramArguments: argv,
    EnvironmentVariables: environment,
    ...(spec.directory === null ? {} : { WorkingDirectory: spec.directory }),
    ...(spec.user === null ? {} : { UserName: spec.user }),
    ...(spec.user === null || spec.group === null ? {} : { GroupName: spec.group }),
    ...(spec.umask === null ? {} : { Umask: Number.parseInt(spec.umask, 8) }),
    ...(spec.nice === null ? {} : { Nice: spec.nice }),
    RunAtLoad: true,
    KeepAlive: keepAliveOf(spec.restart.policy),
    ThrottleInterval: Math.max(1, Math.round(initial)),
    ExitTimeOut: Math.max(1, Math.ceil(spec.stopTimeout)),
    StandardOutPath: `${logDir}/${spec.name}.stdout.log`,
    StandardErrorPath: `${logDir}/${spec.name}.stderr.log`,
  };
  return {
    ...recordHead(spec),
    plist,
    initialize: spec.initialize,
    stateDirs: spec.stateDirs,
    dependencies: spec.dependencies,
    readiness: spec.readiness,
  };
};
