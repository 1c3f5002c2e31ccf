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

/** A user and group id to run as. */
export interface Identity {
  readonly uid: number;
  readonly gid: number;
}

/** The argv to spawn, and ids for spawn's own switch when setpriv is missing. */
export interface Privileges {
  readonly argv: readonly string[];
  readonly ids: Identity | null;
}

/**
 * Who `user` (primary group `group`, else the user's own) is, or null when the command runs
 * as the caller. Only root can change users; otherwise the user is ignored, which is what
 * an unprivileged deployment means. Rejects when the user or group does not exist.
 */
export const resolveIdentity = async (user: string | null, group: string | null, isRoot: boolean): Promise<Identity | null> => {
  if (!isRoot || user === null) return null;
  const account = await lookupUser(user);
  return { uid: account.uid, gid: group === null ? account.gid : await lookupGroup(group) };
};

/** How to run `argv` as `identity` (null: as the caller), with the user's supplementary groups where setpriv is there. */
export const runningAs = (argv: readonly string[], identity: Identity | null): Privileges => {
  if (identity === null) return { argv, ids: null };
  if (!hasSetpriv()) return { argv, ids: identity };
  return { argv: [SETPRIV, `--reuid=${identity.uid}`, `--regid=${identity.gid}`, '--init-groups', '--', ...argv], ids: null };
};

/** How to run `argv` as `user` (primary group `group`, else the user's own): {@link resolveIdentity}, then {@link runningAs}. */
export const withPrivileges = async (argv: readonly string[], user: string | null, group: string | null, isRoot: boolean): Promise<Privileges> =>
  runningAs(argv, await resolveIdentity(user, group, isRoot));
