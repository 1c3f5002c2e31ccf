/**
 * The numeric user and group a container runs as. Kubernetes knows no user names: a
 * process with a `user` needs its uid from the model (an id pool or a fixed uid), or it is
 * refused, rather than silently running as the image's default user (often root).
 * @module
 */
import { InputError } from '../../errors.js';
import type { ProcessSpec } from '../../model/process-spec.js';
import { entryField, groupLine, passwdLine, runAsValue } from '../container-accounts.js';
import { NO_ACCOUNTS, type LauncherAccounts } from './launcher.js';

const HINT = 'declare the user with a uid in credentials, assign one with procform ids (a "uids" pool), or build with --force-disable-user-change to run as the image\'s user';

/** Who needs the id, for messages: the process itself, or one of its state directories. */
const subject = (spec: ProcessSpec, path: string | null): string =>
  path === null ? `process "${spec.instance}" runs as` : `state directory ${JSON.stringify(path)} of process "${spec.instance}" belongs to`;

/** The uid of `user`, declared with the process; refuses an unknown one. */
export const uidOf = (spec: ProcessSpec, user: string, path: string | null = null): number => {
  const uid = spec.credentials.users[user]?.uid ?? null;
  if (uid === null) throw new InputError(`kubernetes: ${subject(spec, path)} user "${user}", whose uid is not known; Kubernetes runs containers by numeric id`, HINT);
  return uid;
};

/** The gid of `group`, declared with the process; refuses an unknown one. */
export const gidOf = (spec: ProcessSpec, group: string, path: string | null = null): number => {
  const gid = spec.credentials.groups[group]?.gid ?? null;
  if (gid === null) {
    throw new InputError(`kubernetes: ${subject(spec, path)} group "${group}", whose gid is not known; Kubernetes runs containers by numeric id`, 'declare the group with a gid in credentials, or assign one with procform ids (a "gids" pool)');
  }
  return gid;
};

/** runAsUser/runAsGroup of the main container; empty when the process has no user. */
export const runAs = (spec: ProcessSpec): { runAsUser?: number; runAsGroup?: number } => {
  if (spec.user === null) return {};
  const group = spec.group ?? spec.credentials.users[spec.user]?.group ?? null;
  return { runAsUser: uidOf(spec, spec.user), ...(group !== null ? { runAsGroup: gidOf(spec, group) } : {}) };
};

/** `uid:gid`, `uid` or `:gid` for chown, or "" when the state directory keeps its owner. */
export const ownerOf = (spec: ProcessSpec, user: string | null, group: string | null, path: string): string => {
  const uid = user === null ? '' : String(uidOf(spec, user, path));
  const gid = group === null ? '' : String(gidOf(spec, group, path));
  return gid === '' ? uid : `${uid}:${gid}`;
};

/**
 * Whether the main container starts as root: the process has a user and an initialize,
 * which runs as root on every other backend (initdb, for one, is handed to the user by
 * name). The launcher then adds the accounts and runs the process as its user.
 */
export const startsAsRoot = (spec: ProcessSpec): boolean => spec.user !== null && spec.initialize !== '';

/**
 * What the launcher adds and whom it runs the process as: the process's accounts with the
 * model's ids, when the container starts as root for its initialize, or runs as the image's
 * user (a process without a user, such as nginx naming its workers' account). Empty for a
 * container that runs as its user directly: it could not add them.
 */
export const launcherAccounts = (spec: ProcessSpec): LauncherAccounts => {
  if (!startsAsRoot(spec) && spec.user !== null) return NO_ACCOUNTS;
  const users = Object.entries(spec.credentials.users).filter(([, user]) => !user.createHomeDirOnly);
  const primary = (name: string): number => {
    const group = spec.credentials.users[name]?.group ?? null;
    return group === null ? uidOf(spec, name) : gidOf(spec, group);
  };
  const passwd = users.map(([name, user]) => passwdLine(name, uidOf(spec, name), primary(name), entryField(user.description ?? ''), user.homeDir ?? NO_HOME, user.shell ?? NO_SHELL));
  const group = Object.keys(spec.credentials.groups).map((name) =>
    groupLine(name, gidOf(spec, name), users.filter(([, user]) => user.extraGroups.includes(name)).map(([member]) => member)));
  if (spec.user === null) return { passwd, group, runAs: '' };
  const { runAsUser, runAsGroup } = runAs(spec);
  const extra = spec.credentials.users[spec.user]?.extraGroups ?? [];
  const gid = runAsGroup ?? runAsUser!;
  // HOME is the account's, as runuser and docker's --user give it, unless the model sets HOME.
  const home = spec.environment.HOME !== undefined ? '' : spec.credentials.users[spec.user]?.homeDir ?? NO_HOME;
  return { passwd, group, runAs: runAsValue(runAsUser!, gid, [gid, ...extra.map((g) => gidOf(spec, g))], home) };
};

/** The home and shell of an account that declares none, as procform creates them on a machine. */
const NO_HOME = '/nonexistent';
const NO_SHELL = '/usr/sbin/nologin';
