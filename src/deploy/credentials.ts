/**
 * Users and groups of a deployment, and what changes between two deployments. The diff
 * compares attributes, not just names, so a changed uid, group, home or shell of an
 * account procform manages is applied rather than warned about and kept, as
 * nix-processmgmt and Dysnomia did. Applying a diff is in `credentials-apply.ts`; what a
 * generation records of its accounts is in `generation/credentials.ts`.
 * @module
 */
import type { CredentialsSpec, GroupEntry, UserEntry } from '../model/process-spec.js';
import { byCodePoint } from './graph-order.js';

/** No users and no groups. */
export const EMPTY_CREDENTIALS: CredentialsSpec = { users: {}, groups: {} };

/** An account with its declared attributes. */
export interface Account<T> {
  readonly name: string;
  readonly entry: T;
}

/** An account declared by both deployments with different attributes. */
export interface AccountChange<T> {
  readonly name: string;
  readonly previous: T;
  readonly next: T;
  /** The attributes that differ, in a fixed order. */
  readonly fields: readonly (keyof T & string)[];
}

/** What to do to go from one deployment's accounts to the next one's; each list sorted by name. */
export interface CredentialsDiff {
  readonly createGroups: readonly Account<GroupEntry>[];
  readonly updateGroups: readonly AccountChange<GroupEntry>[];
  readonly deleteGroups: readonly Account<GroupEntry>[];
  readonly createUsers: readonly Account<UserEntry>[];
  readonly updateUsers: readonly AccountChange<UserEntry>[];
  readonly deleteUsers: readonly Account<UserEntry>[];
}

const USER_FIELDS = ['uid', 'group', 'extraGroups', 'description', 'homeDir', 'createHomeDir', 'shell'] as const;
const GROUP_FIELDS = ['gid'] as const;

const sameValue = (a: unknown, b: unknown): boolean =>
  // Supplementary groups are a set: their order means nothing to the system.
  Array.isArray(a) && Array.isArray(b) ? [...a].sort().join('\n') === [...b].sort().join('\n') && a.length === b.length : a === b;

const changedFields = <T, K extends keyof T & string>(previous: T, next: T, fields: readonly K[]): K[] =>
  fields.filter((field) => !sameValue(previous[field], next[field]));

interface Sides<T> {
  readonly create: Account<T>[];
  readonly update: AccountChange<T>[];
  readonly delete: Account<T>[];
}

const diffKind = <T>(
  previous: Readonly<Record<string, T>>,
  next: Readonly<Record<string, T>>,
  fields: readonly (keyof T & string)[],
  // Pairs that cannot be updated in place and are deleted and created instead.
  replace: (a: T, b: T) => boolean,
): Sides<T> => {
  const sides: Sides<T> = { create: [], update: [], delete: [] };
  const before = new Map(Object.entries(previous));
  const after = new Map(Object.entries(next));
  for (const name of [...new Set([...before.keys(), ...after.keys()])].sort(byCodePoint)) {
    const a = before.get(name);
    const b = after.get(name);
    if (a === undefined) sides.create.push({ name, entry: b! });
    else if (b === undefined) sides.delete.push({ name, entry: a });
    else if (replace(a, b)) {
      sides.delete.push({ name, entry: a });
      sides.create.push({ name, entry: b });
    } else {
      const changed = changedFields(a, b, fields);
      if (changed.length > 0) sides.update.push({ name, previous: a, next: b, fields: changed });
    }
  }
  return sides;
};

/**
 * The changes from the `previous` deployment's accounts to the `next` one's (null: none).
 * Obsolete accounts are those only in `previous`. A user that turns from an account into a
 * home directory only (or back), as when user change is switched off, is deleted and
 * created rather than updated.
 */
export const credentialsDiff = (previous: CredentialsSpec | null, next: CredentialsSpec | null): CredentialsDiff => {
  const before = previous ?? EMPTY_CREDENTIALS;
  const after = next ?? EMPTY_CREDENTIALS;
  const groups = diffKind<GroupEntry>(before.groups, after.groups, GROUP_FIELDS, () => false);
  const users = diffKind<UserEntry>(before.users, after.users, USER_FIELDS, (a, b) => a.createHomeDirOnly !== b.createHomeDirOnly);
  return {
    createGroups: groups.create,
    updateGroups: groups.update,
    deleteGroups: groups.delete,
    createUsers: users.create,
    updateUsers: users.update,
    deleteUsers: users.delete,
  };
};

/** True when the diff changes nothing. */
export const isEmptyCredentialsDiff = (diff: CredentialsDiff): boolean =>
  Object.values(diff).every((list: readonly unknown[]) => list.length === 0);
