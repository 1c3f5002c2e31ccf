/**
 * The model's accounts inside a container, shared by the docker and Kubernetes backends.
 * An image knows nothing of the model's users and groups, yet programs look names up
 * (initdb refuses a uid without a passwd entry, nginx's `user` directive names an account)
 * and `initialize` runs as root on a machine, often handing work to the service's account
 * by name (`runuser -u NAME`, `setpriv --reuid=NAME --init-groups`). So a container that
 * starts as root adds the accounts to its own /etc/passwd and /etc/group, runs initialize,
 * and then runs the process as its user with setpriv (util-linux). These are the pieces of
 * shell that do it and the entries they add; every value reaches them through a variable
 * or a positional parameter, never in the script's text.
 * @module
 */

/** A passwd line: `name:x:uid:gid:gecos:home:shell`. */
export const passwdLine = (name: string, uid: number, gid: number, gecos: string, home: string, shell: string): string =>
  [name, 'x', uid, gid, gecos, home, shell].join(':');

/** A group line: `name:x:gid:members`. */
export const groupLine = (name: string, gid: number, members: readonly string[]): string => [name, 'x', gid, members.join(',')].join(':');

/** Whether a gecos field (free text) can go into a passwd line: no ":" and no line break. */
export const entryField = (text: string): string => text.replace(/[:\n\r]/g, ' ');

/**
 * Shell that adds each line of the variables `passwd` and `group` (lines of /etc/passwd and
 * /etc/group) to the container's own files when it runs as root, replacing an entry of the
 * image with the same name or id, so that names and ids mean what the deployment says.
 * Idempotent: the engine runs it again at every restart. Needs id, awk and cat.
 * @param etc where the files are (a test's directory) @default "/etc"
 */
export const addAccountsShell = (passwd: string, group: string, etc = '/etc'): string => `if [ "$(id -u)" = 0 ]; then
  add_entry() {
    rest=\${2#*:*:}
    awk -F: -v name="\${2%%:*}" -v id="\${rest%%:*}" '$1 != name && $3 != id' "$1" > "$1.procform" &&
      printf '%s\\n' "$2" >> "$1.procform" && cat "$1.procform" > "$1" && rm -f "$1.procform" || exit 1
  }
  printf '%s\\n' "\${${passwd}-}" | while IFS= read -r entry; do [ -z "$entry" ] || add_entry ${etc}/passwd "$entry"; done || exit 1
  printf '%s\\n' "\${${group}-}" | while IFS= read -r entry; do [ -z "$entry" ] || add_entry ${etc}/group "$entry"; done || exit 1
fi`;

/**
 * Shell that reads `uid:gid:g1,g2:home` from the variable `runAs` into $uid, $gid, $groups
 * (setpriv's --groups=… or --clear-groups) and $home.
 */
export const readRunAsShell = (runAs: string): string => `as=\${${runAs}}
uid=\${as%%:*} as=\${as#*:}
gid=\${as%%:*} as=\${as#*:}
groups=\${as%%:*} home=\${as#*:}
if [ -n "$groups" ]; then groups="--groups=$groups"; else groups=--clear-groups; fi`;

/** The setpriv words that run "$@" as $uid:$gid with $groups, after {@link readRunAsShell}. */
export const SETPRIV = 'setpriv --reuid="$uid" --regid="$gid" "$groups" --';

/** Whom a process runs as, as `uid:gid:g1,g2:home` for {@link readRunAsShell}. */
export const runAsValue = (uid: number, gid: number, groups: readonly number[], home: string): string =>
  `${uid}:${gid}:${[...new Set(groups)].sort((a, b) => a - b).join(',')}:${home}`;
