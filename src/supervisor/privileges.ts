/**
 * Running a service as its user. As root, the command is exec'd through util-linux's
 * `setpriv`, which sets the real and effective ids and initializes the supplementary
 * groups from the group database. Without setpriv, spawn's own uid/gid switch is used,
 * and the process then has no supplementary groups at all (libuv calls setgroups(0)).
 * @module
 */
import { accessSync, constants } from 'node:fs';
import { lookupGroup, lookupUser } from './accounts.js';

/** Where util-linux installs setpriv. */
export const SETPRIV = '/usr/bin/setpriv';

let setprivAvailable: boolean | undefined;

/** True when setpriv can be run; checked once, it does not come and go. */
const hasSetpriv = (): boolean => {
  if (setprivAvailable === undefined) {
    try {
      accessSync(SETPRIV, constants.X_OK);
      setprivAvailable = true;
    } catch {
      setprivAvailable = false;
    }
  }
  return setprivAvailable;
};

/** The argv to spawn, and ids for spawn's own switch when setpriv is missing. */
export interface Privileges {
  readonly argv: readonly string[];
  readonly ids: { readonly uid: number; readonly gid: number } | null;
}

/**
 * How to run `argv` as `user` (primary group `group`, else the user's own). Only root can
 * change users; otherwise the user is ignored and the process runs as the caller, which is
 * what an unprivileged deployment means.
 */
export const withPrivileges = async (argv: readonly string[], user: string | null, group: string | null, isRoot: boolean): Promise<Privileges> => {
  if (!isRoot || user === null) return { argv, ids: null };
  const account = await lookupUser(user);
  const gid = group === null ? account.gid : await lookupGroup(group);
  if (!hasSetpriv()) return { argv, ids: { uid: account.uid, gid } };
  return { argv: [SETPRIV, `--reuid=${account.uid}`, `--regid=${gid}`, '--init-groups', '--', ...argv], ids: null };
};
