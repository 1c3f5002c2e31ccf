/**
 * The shadow-utils command lines that create, change and delete accounts. Kept apart from
 * the decisions of when to run them, so their exact arguments are easy to check.
 * @module
 */
import type { GroupEntry, UserEntry } from '../model/process-spec.js';

/** Home of a user without one; conventional on Debian, and guaranteed not to exist. */
export const NO_HOME = '/nonexistent';

/** Login shell of a user without one. */
export const DEFAULT_NOLOGIN = '/usr/sbin/nologin';

/** The user attributes `usermod` can change. */
export type UserField = 'uid' | 'group' | 'extraGroups' | 'description' | 'homeDir' | 'createHomeDir' | 'shell';

/** `groupadd [-g gid] name`. */
export const groupadd = (name: string, entry: GroupEntry): string[] => [
  'groupadd',
  ...(entry.gid === null ? [] : ['-g', String(entry.gid)]),
  name,
];

/** `groupmod -g gid name`. */
export const groupmodGid = (name: string, gid: number): string[] => ['groupmod', '-g', String(gid), name];

/** `groupdel name`. */
export const groupdel = (name: string): string[] => ['groupdel', name];

/** Whether useradd/usermod should make (or move) the home directory. */
export const makesHome = (entry: UserEntry): boolean => entry.createHomeDir && entry.homeDir !== null;

/**
 * `useradd [-u uid] [-g group] [-G extra,groups] [-c description] -d home -s shell -m|-M name`.
 * Home and shell are always given, so the account does not depend on useradd's defaults;
 * `-M` keeps useradd from creating a home directory the model did not ask for.
 */
export const useradd = (name: string, entry: UserEntry, nologin: string): string[] => [
  'useradd',
  ...(entry.uid === null ? [] : ['-u', String(entry.uid)]),
  ...(entry.group === null ? [] : ['-g', entry.group]),
  ...(entry.extraGroups.length === 0 ? [] : ['-G', entry.extraGroups.join(',')]),
  ...(entry.description === null ? [] : ['-c', entry.description]),
  '-d', entry.homeDir ?? NO_HOME,
  '-s', entry.shell ?? nologin,
  makesHome(entry) ? '-m' : '-M',
  name,
];

/**
 * `usermod` setting the given attributes to the values in `entry`, or null when none of
 * them can be set: a uid or primary group that is no longer fixed keeps its current value.
 * With `moveHome`, a home directory procform creates is moved with its content (`-m`).
 */
export const usermod = (name: string, entry: UserEntry, fields: readonly UserField[], nologin: string, moveHome: boolean): string[] | null => {
  const args: string[] = [];
  const has = (field: UserField): boolean => fields.includes(field);
  if (has('uid') && entry.uid !== null) args.push('-u', String(entry.uid));
  if (has('group') && entry.group !== null) args.push('-g', entry.group);
  if (has('extraGroups')) args.push('-G', entry.extraGroups.join(','));
  if (has('description')) args.push('-c', entry.description ?? '');
  if (has('homeDir')) args.push('-d', entry.homeDir ?? NO_HOME, ...(moveHome && makesHome(entry) ? ['-m'] : []));
  if (has('shell')) args.push('-s', entry.shell ?? nologin);
  return args.length === 0 ? null : ['usermod', ...args, name];
};

/** `userdel name`: the home directory is left, since it may hold the service's state. */
export const userdel = (name: string): string[] => ['userdel', name];

/** `mkdir -p dir`. */
export const mkdirHome = (dir: string): string[] => ['mkdir', '-p', dir];

/** `chown name: dir`: the user and its login group. */
export const chownHome = (name: string, dir: string): string[] => ['chown', `${name}:`, dir];
