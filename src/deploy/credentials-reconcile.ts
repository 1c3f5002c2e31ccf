/**
 * What a deployment must do to the machine's accounts, measured against the machine and the
 * ledger rather than against whatever generation happened to run before. A rollback to a
 * generation whose users an undeploy removed must create them again, and an undeploy after
 * `procform down` (nothing runs, so nothing "previous" is known) must still remove what
 * procform created: the previous generation alone can tell neither.
 * @module
 */
import type { CredentialsSpec, GroupEntry, UserEntry } from '../model/process-spec.js';
import type { AccountLookup, ManagedAccounts } from './credentials-apply.js';
import { credentialsDiff, type Account, type CredentialsDiff } from './credentials.js';
import { byCodePoint } from './graph-order.js';

/**
 * A ledger account whose attributes no generation at hand declares: procform created it,
 * so it is a real account (never a home directory only), and deleting it needs its name only.
 */
const LEDGER_ACCOUNT: UserEntry = {
  uid: null, group: null, extraGroups: [], description: null, homeDir: null, createHomeDir: false, shell: null, createHomeDirOnly: false,
};

const byName = <T>(a: Account<T>, b: Account<T>): number => byCodePoint(a.name, b.name);

/** Accounts that `spec` needs on the machine: users that are accounts, their groups, declared groups. */
const neededNames = (specs: readonly CredentialsSpec[]): { users: Set<string>; groups: Set<string> } => {
  const users = new Set<string>();
  const groups = new Set<string>();
  for (const spec of specs) {
    for (const [name, entry] of Object.entries(spec.users)) {
      if (entry.createHomeDirOnly) continue;
      users.add(name);
      if (entry.group !== null) groups.add(entry.group);
      for (const extra of entry.extraGroups) groups.add(extra);
    }
    for (const name of Object.keys(spec.groups)) groups.add(name);
  }
  return { users, groups };
};

/** What {@link reconcileCredentials} works from. */
export interface ReconcileInput {
  /** The accounts of the generation deployed so far (the profile's current one), or null. */
  readonly previous: CredentialsSpec | null;
  /** The accounts of the generation being deployed. */
  readonly next: CredentialsSpec;
  /** What exists on the machine now. */
  readonly lookup: AccountLookup;
  /** The accounts procform created (the ledger). */
  readonly managed: ManagedAccounts;
  /** Accounts other deployments still use (other profiles' current generations): never obsolete. */
  readonly keep?: readonly CredentialsSpec[];
}

/**
 * The diff that takes the machine to `next`:
 *
 * - created: every account `next` declares that does not exist on the machine, whatever
 *   `previous` says (a rollback after an undeploy finds them gone), plus the changes from
 *   `previous` to `next`;
 * - deleted: every ledger account that neither `next` nor `keep` needs, plus the accounts
 *   `previous` had and `next` dropped (those procform did not create are then kept, with a
 *   note, by the planner).
 */
export const reconcileCredentials = ({ previous, next, lookup, managed, keep = [] }: ReconcileInput): CredentialsDiff => {
  const diff = credentialsDiff(previous, next);
  const listed = new Set([...diff.createGroups, ...diff.updateGroups].map((g) => g.name));
  const createGroups = [...diff.createGroups];
  for (const [name, entry] of Object.entries(next.groups)) {
    if (!listed.has(name) && lookup.group(name) === null) createGroups.push({ name, entry });
  }
  const listedUsers = new Set([...diff.createUsers, ...diff.updateUsers].map((u) => u.name));
  const createUsers = [...diff.createUsers];
  for (const [name, entry] of Object.entries(next.users)) {
    if (!listedUsers.has(name) && !entry.createHomeDirOnly && lookup.user(name) === null) createUsers.push({ name, entry });
  }

  const needed = neededNames([next, ...keep]);
  const deleteUsers = diff.deleteUsers.filter((u) => !u.entry.createHomeDirOnly && !needed.users.has(u.name));
  const deleteGroups = diff.deleteGroups.filter((g) => !needed.groups.has(g.name));
  const deletedUser = new Set(deleteUsers.map((u) => u.name));
  const deletedGroup = new Set(deleteGroups.map((g) => g.name));
  for (const name of managed.users) {
    if (!needed.users.has(name) && !deletedUser.has(name)) deleteUsers.push({ name, entry: previous?.users[name] ?? LEDGER_ACCOUNT });
  }
  for (const name of managed.groups) {
    if (!needed.groups.has(name) && !deletedGroup.has(name)) deleteGroups.push({ name, entry: previous?.groups[name] ?? ({ gid: null } satisfies GroupEntry) });
  }
  return {
    createGroups: createGroups.sort(byName),
    updateGroups: diff.updateGroups,
    deleteGroups: deleteGroups.sort(byName),
    createUsers: createUsers.sort(byName),
    updateUsers: diff.updateUsers,
    deleteUsers: deleteUsers.sort(byName),
  };
};

