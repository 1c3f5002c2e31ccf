/**
 * Scripts a container may run before its process: the `run` wrapper (umask, nice,
 * `initialize` and the model's accounts, which docker has no settings for; see
 * accounts.ts) and the foreground proxy that keeps a
 * container alive while a forking daemon runs. Both live in the store entry, which every
 * container mounts read-only, and take the real command as their arguments, so no value of
 * the model is ever spliced into them except the initialize code, which is shell by
 * definition and runs through its own `sh -c`.
 * @module
 */
import type { ProcessSpec } from '../../model/process-spec.js';
import type { ContainerAccountNames } from './record.js';
import { quoteShell } from '../../render/shell.js';
import { addAccountsShell, readRunAsShell, SETPRIV } from '../container-accounts.js';

/** The wrapper's file name in the entry. */
export const WRAPPER_FILE = 'run';
/** The daemon proxy's file name in the entry. */
export const DAEMON_PROXY_FILE = 'daemon-proxy';

/** Whether the container's `run` wrapper handles accounts: the process has a user or declares accounts. */
export const hasAccounts = (spec: ProcessSpec, accounts: ContainerAccountNames): boolean =>
  spec.user !== null || accounts.users.length > 0 || accounts.groups.length > 0;

/**
 * The `run` script, or null when the process needs none. With a user, the container starts
 * as root: the script adds the accounts, runs initialize as root, as every other backend
 * does, and runs the command as the user with setpriv (util-linux), HOME set to the user's
 * home unless the model sets HOME.
 */
export const wrapperScript = (spec: ProcessSpec, accounts: ContainerAccountNames): string | null => {
  const withAccounts = hasAccounts(spec, accounts);
  if (spec.initialize === '' && spec.umask === null && spec.nice === null && !withAccounts) return null;
  const lines = ['#!/bin/sh', '# procform: sets up what docker has no option for, then runs the command given as arguments.'];
  if (spec.umask !== null) lines.push(`umask ${quoteShell(spec.umask)}`);
  if (withAccounts) lines.push(addAccountsShell('PROCFORM_PASSWD', 'PROCFORM_GROUP'), 'unset PROCFORM_PASSWD PROCFORM_GROUP');
  if (spec.initialize !== '') lines.push(`/bin/sh -c ${quoteShell(spec.initialize)} || exit $?`);
  const nice = spec.nice === null ? [] : [`nice -n ${quoteShell(String(spec.nice))}`];
  if (spec.user !== null) {
    lines.push(readRunAsShell('PROCFORM_RUN_AS'), 'unset PROCFORM_RUN_AS');
    if (spec.environment.HOME === undefined) lines.push('export HOME="$home"');
    lines.push(['exec', ...nice, SETPRIV, '"$@"'].join(' '));
  } else {
    lines.push(['exec', ...nice, '"$@"'].join(' '));
  }
  lines.push('');
  return lines.join('\n');
};

/**
 * Foreground proxy for a daemon-only process: starts the daemon, then stays in the
 * foreground while the pid in the pid file lives, passing stop signals on. The container's
 * init reaps the daemon once it is reparented there.
 */
export const DAEMON_PROXY_SCRIPT = `#!/bin/sh
# procform: keeps a container running while the daemon it starts runs.
# Usage: daemon-proxy PIDFILE DAEMON [ARGS...]
pidfile=$1
shift
rm -f -- "$pidfile"
"$@" || exit $?
waited=0
until [ -s "$pidfile" ]; do
  waited=$((waited + 1))
  if [ "$waited" -gt 100 ]; then
    echo "daemon-proxy: $pidfile holds no pid 10 s after the daemon started" >&2
    exit 1
  fi
  sleep 0.1
done
read -r pid <"$pidfile"
stopping=0
pass() { stopping=1; kill -s "$1" "$pid" 2>/dev/null; }
for signal in TERM INT QUIT HUP USR1 USR2; do
  trap "pass $signal" "$signal"
done
while kill -0 "$pid" 2>/dev/null; do
  sleep 1 &
  wait $!
done
[ "$stopping" = 1 ] && exit 0
echo "daemon-proxy: daemon $pid ended" >&2
exit 1
`;
