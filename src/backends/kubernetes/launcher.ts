/**
 * The commands of the containers. Kubernetes runs one foreground command per container and
 * has no umask, initialize hook, pid-file daemons or stop signal of its own; where a
 * process needs one of them, a constant shell script provides it. User values never enter
 * a script's text: they follow it as positional parameters, which no shell re-parses.
 * @module
 */
import type { ProcessSpec } from '../../model/process-spec.js';
import { addAccountsShell, readRunAsShell, SETPRIV } from '../container-accounts.js';
import { runMode } from '../run-mode.js';

/**
 * `sh -c LAUNCHER launcher UMASK INITIALIZE PIDFILE SIGNAL PASSWD GROUP RUNAS COMMAND...`:
 * sets the umask, adds the accounts (PASSWD and GROUP: lines of /etc/passwd and /etc/group)
 * when it runs as root, runs the initialize script, runs the command as RUNAS
 * (`uid:gid:groups:home`, see ../container-accounts.ts) when that is set, and execs the
 * command, or, for a daemon (PIDFILE set) or a stop signal other than TERM, stays in front
 * of it and turns the TERM the kubelet sends into SIGNAL for the process, exiting when it
 * ends.
 */
export const LAUNCHER = `umask_=$1 init=$2 pidfile=$3 sig=$4 passwd=$5 group=$6 run_as=$7
shift 7
if [ -n "$umask_" ]; then umask "$umask_" || exit $?; fi
if [ -n "$passwd$group" ]; then
${addAccountsShell('passwd', 'group')}
fi
if [ -n "$init" ]; then /bin/sh -c "$init" || exit $?; fi
if [ -n "$run_as" ]; then
${readRunAsShell('run_as')}
  if [ -n "$home" ]; then export HOME="$home"; fi
  set -- ${SETPRIV} "$@"
fi
if [ -z "$pidfile" ] && [ "$sig" = TERM ]; then exec "$@"; fi
if [ -z "$pidfile" ]; then
  "$@" &
  pid=$!
  trap 'kill -s "$sig" "$pid" 2>/dev/null' TERM INT
  while :; do
    wait "$pid"
    status=$?
    kill -0 "$pid" 2>/dev/null || exit "$status"
  done
fi
rm -f -- "$pidfile"
"$@" || exit $?
tries=0
while [ ! -s "$pidfile" ]; do
  tries=$((tries + 1))
  if [ "$tries" -gt 100 ]; then echo "procform: no pid in $pidfile 10 s after the daemon started" >&2; exit 1; fi
  sleep 0.1
done
pid=$(cat -- "$pidfile")
stopping=0
trap 'stopping=1; kill -s "$sig" "$pid" 2>/dev/null' TERM INT
while kill -0 "$pid" 2>/dev/null; do sleep 1 & wait $!; done
[ "$stopping" = 1 ] && exit 0
echo "procform: daemon $pid ended" >&2
exit 1
`;

/**
 * `bash -c WAIT_FOR wait-for HOST PORT`: returns once HOST:PORT accepts a TCP connection.
 * bash's /dev/tcp needs no other tool in the image (no busybox, no nc).
 */
export const WAIT_FOR = `echo "waiting for $1:$2"
until (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; do sleep 1; done
echo "$1:$2 answers"
`;

/**
 * `sh -c STATE_DIRS state-dirs [PATH MODE OWNER]...`: creates each state directory on its
 * volume with its mode and, when OWNER (uid:gid, uid or :gid) is not empty, its owner.
 */
export const STATE_DIRS = `set -e
while [ "$#" -ge 3 ]; do
  mkdir -p -- "$1"
  chmod -- "$2" "$1"
  if [ -n "$3" ]; then chown -- "$3" "$1"; fi
  shift 3
done
`;

/** The accounts the launcher adds, and whom it runs the process as. */
export interface LauncherAccounts {
  /** Lines of /etc/passwd. */
  readonly passwd: readonly string[];
  /** Lines of /etc/group. */
  readonly group: readonly string[];
  /** `uid:gid:groups:home`, or "" to run the process as the container's user. */
  readonly runAs: string;
}

/** No accounts: the process runs as the container's user. */
export const NO_ACCOUNTS: LauncherAccounts = { passwd: [], group: [], runAs: '' };

/** A container's command and arguments. */
export interface Command {
  readonly command: readonly string[];
  readonly args: readonly string[];
}

/** The argv of the process itself: foreground mode when it has one, else the daemon. */
const processArgv = (spec: ProcessSpec): readonly string[] => {
  const argv = runMode(spec).command;
  // Kubernetes has no nice setting; nice(1) lowers the priority (raising it needs CAP_SYS_NICE).
  return spec.nice !== null ? ['nice', '-n', String(spec.nice), ...argv] : argv;
};

/**
 * The main container's command: the process directly, or behind the launcher when it needs
 * one; `accounts`, what the launcher adds and whom it runs the process as (pod.ts).
 */
export const mainCommand = (spec: ProcessSpec, accounts: LauncherAccounts = NO_ACCOUNTS): Command => {
  const argv = processArgv(spec);
  const daemon = spec.foregroundProcess === null;
  const withAccounts = accounts.passwd.length + accounts.group.length > 0 || accounts.runAs !== '';
  if (!daemon && spec.umask === null && spec.initialize === '' && spec.stopSignal === 'TERM' && !withAccounts) {
    return { command: [argv[0]!], args: argv.slice(1) };
  }
  return {
    command: ['/bin/sh', '-c', LAUNCHER, 'launcher'],
    args: [spec.umask ?? '', spec.initialize, daemon ? spec.pidFile : '', spec.stopSignal, accounts.passwd.join('\n'), accounts.group.join('\n'), accounts.runAs, ...argv],
  };
};

/** The init container command that waits for `host:port`. */
export const waitCommand = (host: string, port: number): Command => ({ command: ['/bin/bash', '-c', WAIT_FOR, 'wait-for'], args: [host, String(port)] });
