/**
 * ProcessSpec → supervisord's native `[program:x]` settings, plus what procform's
 * activator needs to emulate what supervisord lacks (readiness, state directories,
 * dependency order). Foreground mode is preferred; a daemon-only process runs under a
 * foreground proxy that waits on its pid file.
 * @module
 */
import { InputError } from '../../errors.js';
import type { ProcessSpec } from '../../model/process-spec.js';
import { quoteArgv, quoteShell } from '../../render/shell.js';
import type { RenderContext } from '../../deploy/backend.js';
import { environmentProblem, quoteCommand, SupervisordQuoteError } from './quote.js';
import type { SupervisordProgram } from './record.js';
import { withSecrets } from '../secrets-command.js';

/** Where the wrapper script and the daemon proxy live inside the entry. */
export const WRAPPER_FILE = 'run';
export const DAEMON_PROXY_FILE = 'daemon-proxy';
export const PROGRAM_FILE = 'program.conf';

/** Log rotation of each program's stdout and stderr. */
const LOG_MAX_BYTES = '10MB';
const LOG_BACKUPS = 5;

/**
 * Priority from dependency depth (1 + the deepest dependency's), remembered per store and
 * instance while a build translates processes in dependency order.
 */
const priorities = new Map<string, number>();

const priorityOf = (spec: ProcessSpec, context: RenderContext): number => {
  const store = context.settings.storeDir;
  const depth = Math.max(0, ...spec.dependencies.map((dep) => priorities.get(`${store}\0${dep}`) ?? 0));
  const priority = depth + 1;
  priorities.set(`${store}\0${spec.instance}`, priority);
  return priority;
};

/** The foreground proxy for daemon-only processes: start, wait on the pid file's process, forward signals. */
export const DAEMON_PROXY_SCRIPT = `#!/bin/sh
# procform: foreground proxy for a forking daemon under supervisord.
# Usage: daemon-proxy PIDFILE DAEMON [ARGS...]. Starts the daemon, then stays in the
# foreground while the process named in PIDFILE lives, forwarding signals to it.
pidfile=$1
shift
rm -f -- "$pidfile"
"$@" || exit $?
tries=0
while [ ! -s "$pidfile" ]; do
  tries=$((tries + 1))
  if [ "$tries" -gt 100 ]; then
    echo "daemon-proxy: no pid in $pidfile 10 s after the daemon started" >&2
    exit 1
  fi
  sleep 0.1
done
pid=$(cat -- "$pidfile")
stopping=0
for sig in TERM INT QUIT HUP USR1 USR2; do
  trap "stopping=1; kill -s $sig \\"\\$pid\\" 2>/dev/null" "$sig"
done
while kill -0 "$pid" 2>/dev/null; do
  tail --pid="$pid" -f /dev/null &
  waiter=$!
  wait "$waiter"
  kill "$waiter" 2>/dev/null
done
[ "$stopping" = 1 ] && exit 0
echo "daemon-proxy: daemon $pid ended" >&2
exit 1
`;

const autorestartOf = (spec: ProcessSpec): SupervisordProgram['autorestart'] =>
  spec.restart.policy === 'always' ? 'true' : spec.restart.policy === 'on-failure' ? 'unexpected' : 'false';

/** Translates a normalized process into a supervisord program. */
export const translate = (spec: ProcessSpec, context: RenderContext): SupervisordProgram => {
  if (spec.readiness?.kind === 'notify') {
    throw new InputError(`supervisord: process "${spec.instance}" uses readiness kind "notify", but supervisord passes no notification fd to its programs`, 'use a tcp, http, exec or log readiness probe with the supervisord backend');
  }
  const foreground = spec.foregroundProcess !== null;
  let argv: string[] = foreground
    ? [spec.foregroundProcess!, ...spec.foregroundProcessArgs]
    : [`${context.self}/${DAEMON_PROXY_FILE}`, spec.pidFile, spec.daemon!, ...spec.daemonArgs];
  // Loaded as the program's user: supervisord (or the wrapper) has dropped privileges by then.
  argv = withSecrets(spec, argv);
  // supervisord has no nice setting: run through nice(1), as root before any user change.
  if (spec.nice !== null) argv = ['/usr/bin/nice', '-n', String(spec.nice), ...argv];

  // initialize must run as root: then the wrapper drops privileges itself with setpriv.
  const dropInWrapper = spec.user !== null && (spec.initialize !== '' || (spec.nice !== null && spec.nice < 0));
  let execLine = (): string => `exec ${quoteArgv(argv)}`;
  if (dropInWrapper) {
    const [nice, rest] = spec.nice !== null ? [argv.slice(0, 3), argv.slice(3)] : [[], argv];
    const user = spec.user!;
    // Without a declared group, the user's primary group, looked up when the program starts.
    const regid = spec.group !== null ? quoteShell(`--regid=${spec.group}`) : `--regid="$(id -g -- ${quoteShell(user)})"`;
    execLine = () => ['exec', ...nice.map(quoteShell), '/usr/bin/setpriv', quoteShell(`--reuid=${user}`), regid, '--init-groups', '--', quoteArgv(rest)].join(' ');
  }

  const nativeEnv: Record<string, string> = {};
  const wrapperEnv: [string, string][] = [];
  for (const [name, value] of Object.entries(spec.environment).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (environmentProblem(value) === null) nativeEnv[name] = value;
    else wrapperEnv.push([name, value]);
  }
  let commandFits = true;
  try {
    quoteCommand(argv);
  } catch (error) {
    if (!(error instanceof SupervisordQuoteError)) throw error;
    commandFits = false;
  }

  let wrapper: string | null = null;
  if (spec.initialize !== '' || wrapperEnv.length > 0 || !commandFits || dropInWrapper) {
    const lines = ['#!/bin/sh', `# procform: supervisord wrapper of ${spec.name}`];
    for (const [name, value] of wrapperEnv) lines.push(`${name}=${quoteShell(value)}`, `export ${name}`);
    if (spec.initialize !== '') lines.push(`/bin/sh -c ${quoteShell(spec.initialize)} || exit $?`);
    lines.push(execLine(), '');
    wrapper = lines.join('\n');
    argv = [`${context.self}/${WRAPPER_FILE}`];
  }

  const oneshot = spec.type === 'oneshot';
  const logBase = `${context.settings.logDir}/procform/supervisord/${spec.name}`;
  return {
    program: spec.name,
    command: argv,
    environment: nativeEnv,
    directory: spec.directory,
    user: dropInWrapper ? null : spec.user,
    umask: spec.umask,
    priority: priorityOf(spec, context),
    autostart: false,
    autorestart: autorestartOf(spec),
    exitcodes: [0],
    // supervisord counts a program as started after startsecs up, and retries (with its own
    // linear backoff) only exits before that: the closest match of maxRestarts + resetAfter.
    startsecs: oneshot ? 0 : Math.max(1, Math.ceil(spec.restart.backoff.resetAfter)),
    startretries: spec.restart.policy === 'no' ? 0 : spec.restart.maxRestarts,
    stopsignal: spec.stopSignal,
    stopwaitsecs: Math.max(1, Math.ceil(spec.stopTimeout)),
    stopasgroup: true,
    killasgroup: true,
    redirect_stderr: false,
    stdout_logfile: `${logBase}.out.log`,
    stdout_logfile_maxbytes: LOG_MAX_BYTES,
    stdout_logfile_backups: LOG_BACKUPS,
    stderr_logfile: `${logBase}.err.log`,
    stderr_logfile_maxbytes: LOG_MAX_BYTES,
    stderr_logfile_backups: LOG_BACKUPS,
    wrapper,
    daemonProxy: !foreground,
    activation: {
      instance: spec.instance,
      type: spec.type,
      readiness: spec.readiness,
      stateDirs: spec.stateDirs,
      environment: spec.environment,
      directory: spec.directory,
      user: spec.user,
      group: spec.group,
      dependencies: spec.dependencies,
    },
  };
};
