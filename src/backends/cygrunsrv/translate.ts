/**
 * The cygrunsrv record of a process: the exact settings of `cygrunsrv --install`, as data.
 * Foreground mode is preferred (cygrunsrv waits on its child); a daemon-only process uses
 * cygrunsrv's native `--pidfile` (it waits for the fork, reads the pid file and watches that
 * pid). Settings cygrunsrv has no option for (umask, nice, initialize, state directories)
 * are applied by a small sh start script that becomes `--path` and execs the real command.
 * @module
 */
import type { ProcessSpec } from '../../model/process-spec.js';
import { InputError } from '../../errors.js';
import type { RenderContext } from '../../deploy/backend.js';
import { encodeArgs } from './args.js';
import type { CygrunsrvService, StartScript } from './record.js';
import { refuseSecrets } from '../secrets-command.js';

/** Windows service names procform installs start with this prefix. */
export const SERVICE_PREFIX = 'procform-';

/** Signal names Cygwin's strtosigno knows (cygrunsrv --termsig prepends SIG to the name). */
const SIGNALS = new Set([
  'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'EMT', 'FPE', 'KILL', 'BUS', 'SEGV', 'SYS', 'PIPE', 'ALRM', 'TERM', 'URG', 'STOP',
  'TSTP', 'CONT', 'CHLD', 'TTIN', 'TTOU', 'IO', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'PWR', 'USR1', 'USR2',
]);

/** Translates a normalized process into its cygrunsrv service settings. */
export const translate = (spec: ProcessSpec, context: RenderContext): CygrunsrvService => {
  refuseSecrets(spec, 'cygrunsrv', 'cygrunsrv keeps a service\'s environment in the Windows registry, readable by local users');
  const fail = (problem: string, hint?: string): never => {
    throw new InputError(`instance "${spec.instance}": ${problem} (cygrunsrv backend)`, hint);
  };
  if (spec.type === 'oneshot') fail('oneshot processes are not supported', 'a Windows service is a long-running process; use initialize of a longrun instead');
  if (spec.readiness?.kind === 'notify') fail('readiness kind "notify" is not supported', 'cygrunsrv has no notification protocol; use a tcp, http, exec or log probe');
  const termsig = spec.stopSignal.replace(/^SIG/, '');
  if (!SIGNALS.has(termsig)) fail(`stop signal ${spec.stopSignal} is not one cygrunsrv --termsig accepts`);
  for (const name of Object.keys(spec.environment)) {
    if (name === '' || name.includes('=')) fail(`environment name ${JSON.stringify(name)} cannot be passed with --env`);
  }
  const daemon = spec.foregroundProcess === null;
  const executable = daemon ? spec.daemon! : spec.foregroundProcess!;
  const argv = daemon ? spec.daemonArgs : spec.foregroundProcessArgs;
  const encoded = encodeArgs(argv);
  const needsScript = spec.umask !== null || spec.nice !== null || spec.initialize.trim() !== '' || spec.stateDirs.length > 0 || !encoded.ok;
  const scriptFile = `bin/${spec.name}-start`;
  const startScript: StartScript | null = needsScript
    ? {
        file: scriptFile,
        umask: spec.umask,
        nice: spec.nice,
        initialize: spec.initialize,
        stateDirs: spec.stateDirs,
        // Values cygrunsrv's splitter cannot carry are written into the script instead.
        command: encoded.ok ? null : [executable, ...argv],
      }
    : null;
  const logBase = `${context.settings.logDir}/procform/cygrunsrv/${spec.name}`;
  return {
    formatVersion: 1,
    instance: spec.instance,
    name: spec.name,
    serviceName: `${SERVICE_PREFIX}${spec.name}`,
    description: spec.description,
    path: startScript === null ? executable : `${context.self}/${scriptFile}`,
    args: startScript === null ? argv : startScript.command === null ? [executable, ...argv] : [],
    environment: spec.environment,
    directory: spec.directory,
    user: spec.user,
    startType: 'auto',
    termsig,
    dependencies: spec.dependencies.map((dependency) => `${SERVICE_PREFIX}${nameOfEntry(context.entryOf(dependency))}`),
    dependencyInstances: spec.dependencies,
    stdout: `${logBase}.out.log`,
    stderr: `${logBase}.err.log`,
    pidFile: daemon ? spec.pidFile : null,
    stopOnShutdown: true,
    neverExits: spec.restart.policy === 'always',
    startScript,
    readiness: spec.readiness,
  };
};

/** The process name of a dependency, from its entry path `<store>/<hash>-<name>`. */
const nameOfEntry = (path: string): string => {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dash = base.indexOf('-');
  return dash < 0 ? base : base.slice(dash + 1);
};
