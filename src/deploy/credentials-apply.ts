/**
 * Applying a credentials diff to the machine: planning the commands against what exists
 * (pure, given a lookup), then running them in order through a runner.
 *
 * procform keeps a ledger of the accounts it created (`credentials-ledger.ts`). Only those
 * are changed or deleted; an account that was there before is used as it is, and a uid or
 * gid that disagrees with the model is a conflict rather than the warning Dysnomia gave,
 * because a service running under an unexpected id finds its files owned by someone else.
 * @module
 */
import { DeployError, InputError } from '../errors.js';
import type { GroupEntry, UserEntry } from '../model/process-spec.js';
import {
  chownHome, DEFAULT_NOLOGIN, groupadd, groupdel, groupmodGid, makesHome, mkdirHome, useradd, userdel, usermod, type UserField,
} from './credentials-commands.js';
import type { AccountChange, CredentialsDiff } from './credentials.js';
import { byCodePoint } from './graph-order.js';

/** The outcome of one command. */
export interface CommandResult {
  /** Exit status; null when the command could not be run or was killed. */
  readonly status: number | null;
  readonly stderr: string;
}

/** Runs one command (no shell). */
export type CommandRunner = (argv: readonly string[]) => CommandResult;

/** What the machine knows about an account, or null when it does not exist. */
export interface AccountLookup {
  readonly user: (name: string) => { readonly uid: number } | null;
  readonly group: (name: string) => { readonly gid: number } | null;
  /** True when some account has this uid (or group this gid); absent: ids are never reused. */
  readonly idTaken?: (kind: 'user' | 'group', id: number) => boolean;
}

/** Ids by account name. */
export interface AccountIds {
  readonly users: Readonly<Record<string, number>>;
  readonly groups: Readonly<Record<string, number>>;
}

/** The accounts procform created, and may therefore change and delete. */
export interface ManagedAccounts {
  readonly users: readonly string[];
  readonly groups: readonly string[];
  /**
   * The id each account had when procform created it, kept after the account is deleted: an
   * account made again (a rollback after an undeploy) gets its old id back when the model
   * fixes none, so the files it left in its state directories are still its own.
   */
  readonly ids?: AccountIds;
}

/**
 * Which part of a diff to apply. `create` makes and updates accounts (before processes
 * start); `remove` deletes obsolete ones (after the processes using them have stopped).
 */
export type CredentialsPhase = 'all' | 'create' | 'remove';

/** One command of a plan, and the ledger change it makes when it succeeds. */
export interface CredentialsStep {
  readonly argv: readonly string[];
  readonly description: string;
  readonly ledger?: { readonly kind: 'user' | 'group'; readonly name: string; readonly managed: boolean };
}

/** The commands a diff needs on this machine, before anything is run. */
export interface CredentialsPlan {
  readonly steps: readonly CredentialsStep[];
  /** Accounts that were expected but are gone, or left alone: for the user to read. */
  readonly notes: readonly string[];
  /** Disagreements with accounts procform did not create; applying refuses while there are any. */
  readonly conflicts: readonly string[];
  /** Ledger entries of accounts that no longer exist. */
  readonly forget: ManagedAccounts;
}

/** What applying did. */
export interface CredentialsReport {
  readonly done: readonly CredentialsStep[];
  readonly notes: readonly string[];
  /** The ledger after this run, to be saved by the caller. */
  readonly managed: ManagedAccounts;
}

/** Options of planning and applying. */
export interface CredentialsOptions {
  readonly phase?: CredentialsPhase;
  /** Shell of users that declare none. @default "/usr/sbin/nologin" */
  readonly nologin?: string;
}

/** A command failed part way. `report` holds what was done, so the ledger can still be saved. */
export class CredentialsApplyError extends DeployError {
  constructor(message: string, readonly report: CredentialsReport) {
    super(message, report.done.length > 0);
  }
}

const ALL_USER_FIELDS: readonly UserField[] = ['group', 'extraGroups', 'description', 'homeDir', 'shell'];

// What shadow-utils accepts, minus a leading '-' that would be read as an option.
const ACCOUNT_NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*\$?$/;

const checkNames = (diff: CredentialsDiff): void => {
  const names = new Set<string>();
  for (const list of [diff.createGroups, diff.updateGroups, diff.deleteGroups, diff.createUsers, diff.updateUsers, diff.deleteUsers]) {
    for (const account of list) names.add(account.name);
  }
  for (const user of [...diff.createUsers.map((u) => u.entry), ...diff.updateUsers.map((u) => u.next)]) {
    if (user.group !== null) names.add(user.group);
    for (const group of user.extraGroups) names.add(group);
  }
  const bad = [...names].filter((name) => !ACCOUNT_NAME.test(name) || name.length > 32).sort(byCodePoint);
  if (bad.length > 0) throw new InputError(`invalid user or group name${bad.length === 1 ? '' : 's'}: ${bad.map((b) => JSON.stringify(b)).join(', ')}`);
};

/**
 * Plans the commands for `diff` (or one phase of it) on the machine `lookup` describes.
 * Groups are created before users, and deleted after them, because a user's groups must
 * exist and a user's primary group cannot be deleted. Throws InputError for names that
 * are not valid account names.
 */
export const planCredentials = (diff: CredentialsDiff, lookup: AccountLookup, managed: ManagedAccounts, options: CredentialsOptions = {}): CredentialsPlan => {
  checkNames(diff);
  const phase = options.phase ?? 'all';
  const nologin = options.nologin ?? DEFAULT_NOLOGIN;
  const ownsUser = new Set(managed.users);
  const ownsGroup = new Set(managed.groups);
  const steps: CredentialsStep[] = [];
  const notes: string[] = [];
  const conflicts: string[] = [];
  const forget = { users: [] as string[], groups: [] as string[] };
  const remembered = (kind: 'user' | 'group', name: string): number | null => {
    const id = (kind === 'user' ? managed.ids?.users : managed.ids?.groups)?.[name];
    return id !== undefined && lookup.idTaken?.(kind, id) === false ? id : null;
  };

  const ensureGroup = (name: string, entry: GroupEntry, updating: boolean): void => {
    const existing = lookup.group(name);
    if (existing === null) {
      if (updating) notes.push(`group ${name} was missing and is created again`);
      steps.push({ argv: groupadd(name, { ...entry, gid: entry.gid ?? remembered('group', name) }), description: `create group ${name}`, ledger: { kind: 'group', name, managed: true } });
      return;
    }
    const gidDiffers = entry.gid !== null && entry.gid !== existing.gid;
    if (ownsGroup.has(name)) {
      if (gidDiffers) steps.push({ argv: groupmodGid(name, entry.gid!), description: `change the gid of group ${name} from ${existing.gid} to ${entry.gid}` });
      else if (!updating) notes.push(`group ${name} exists already`);
    } else if (gidDiffers) {
      conflicts.push(`group ${name} exists with gid ${existing.gid}, but the model declares gid ${entry.gid}; procform did not create it, so it does not change it`);
    } else if (!updating) {
      notes.push(`group ${name} exists already and was not created by procform; it is used as it is`);
    }
  };

  const ensureHome = (name: string, entry: UserEntry): void => {
    steps.push({ argv: mkdirHome(entry.homeDir!), description: `create the home directory of ${name}` });
    steps.push({ argv: chownHome(name, entry.homeDir!), description: `give ${name} its home directory` });
  };

  const ensureUser = (name: string, entry: UserEntry, change: AccountChange<UserEntry> | null): void => {
    if (entry.createHomeDirOnly) {
      // No account (user change is off): only the home directory is made.
      if (entry.homeDir !== null && (change === null || change.fields.includes('homeDir'))) {
        steps.push({ argv: mkdirHome(entry.homeDir), description: `create the home directory of ${name}` });
      }
      return;
    }
    const existing = lookup.user(name);
    if (existing === null) {
      if (change !== null) notes.push(`user ${name} was missing and is created again`);
      steps.push({ argv: useradd(name, { ...entry, uid: entry.uid ?? remembered('user', name) }, nologin), description: `create user ${name}`, ledger: { kind: 'user', name, managed: true } });
      return;
    }
    const uidDiffers = entry.uid !== null && entry.uid !== existing.uid;
    if (!ownsUser.has(name)) {
      if (uidDiffers) conflicts.push(`user ${name} exists with uid ${existing.uid}, but the model declares uid ${entry.uid}; procform did not create it, so it does not change it`);
      else if (change === null) notes.push(`user ${name} exists already and was not created by procform; it is used as it is`);
      else notes.push(`user ${name} was not created by procform; its changed ${change.fields.join(', ')} ${change.fields.length === 1 ? 'is' : 'are'} not applied`);
      return;
    }
    // An account procform made earlier (say, before a rollback) is brought in line in full.
    const changed = change?.fields.filter((f): f is UserField => f !== 'uid' && f !== 'createHomeDirOnly') ?? ALL_USER_FIELDS;
    const fields: UserField[] = [...changed, ...(uidDiffers ? ['uid' as const] : [])];
    const argv = usermod(name, entry, fields, nologin, change !== null && fields.includes('homeDir'));
    if (argv !== null) steps.push({ argv, description: `change ${fields.join(', ')} of user ${name}` });
    if (makesHome(entry) && (change === null || fields.includes('homeDir') || fields.includes('createHomeDir'))) ensureHome(name, entry);
  };

  const removeAccount = (kind: 'user' | 'group', name: string): void => {
    const owned = kind === 'user' ? ownsUser : ownsGroup;
    if ((kind === 'user' ? lookup.user(name) : lookup.group(name)) === null) {
      if (owned.has(name)) forget[kind === 'user' ? 'users' : 'groups'].push(name);
      notes.push(`${kind} ${name} is gone already`);
    } else if (!owned.has(name)) {
      notes.push(`${kind} ${name} is no longer needed but was not created by procform; it is kept`);
    } else {
      steps.push({ argv: kind === 'user' ? userdel(name) : groupdel(name), description: `delete ${kind} ${name}`, ledger: { kind, name, managed: false } });
    }
  };

  if (phase !== 'remove') {
    for (const { name, entry } of diff.createGroups) ensureGroup(name, entry, false);
    for (const change of diff.updateGroups) ensureGroup(change.name, change.next, true);
    for (const { name, entry } of diff.createUsers) ensureUser(name, entry, null);
    for (const change of diff.updateUsers) ensureUser(change.name, change.next, change);
  }
  if (phase !== 'create') {
    // Home directories are left behind: they may hold the service's state.
    for (const { name, entry } of diff.deleteUsers) if (!entry.createHomeDirOnly) removeAccount('user', name);
    for (const { name } of diff.deleteGroups) removeAccount('group', name);
  }
  return { steps, notes, conflicts, forget };
};

const sortedIds = (ids: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(ids).sort(([a], [b]) => byCodePoint(a, b)));

const withLedgerChange = (ledger: { users: Set<string>; groups: Set<string> }, step: CredentialsStep): void => {
  if (step.ledger === undefined) return;
  const set = step.ledger.kind === 'user' ? ledger.users : ledger.groups;
  if (step.ledger.managed) set.add(step.ledger.name);
  else set.delete(step.ledger.name);
};

/**
 * Applies `diff` (or one phase of it): plans it, refuses with a DeployError listing every
 * conflict before running anything, then runs the commands in order. A deletion whose
 * account has disappeared meanwhile is skipped, silently when it is the private group an
 * earlier userdel of this run removed with its user. A failing command stops the run with a CredentialsApplyError that carries what
 * was done. Returns the report, whose `managed` ledger the caller saves.
 */
export const applyCredentials = (
  diff: CredentialsDiff,
  runner: CommandRunner,
  lookup: AccountLookup,
  managed: ManagedAccounts,
  options: CredentialsOptions = {},
): CredentialsReport => {
  const plan = planCredentials(diff, lookup, managed, options);
  if (plan.conflicts.length > 0) {
    throw new DeployError(`users and groups conflict with the machine:\n  ${plan.conflicts.join('\n  ')}`, false);
  }
  const ledger = {
    users: new Set(managed.users.filter((u) => !plan.forget.users.includes(u))),
    groups: new Set(managed.groups.filter((g) => !plan.forget.groups.includes(g))),
  };
  const done: CredentialsStep[] = [];
  const notes = [...plan.notes];
  const ids = { users: { ...managed.ids?.users }, groups: { ...managed.ids?.groups } };
  const report = (): CredentialsReport => ({
    done: [...done],
    notes: [...notes],
    managed: {
      users: [...ledger.users].sort(byCodePoint),
      groups: [...ledger.groups].sort(byCodePoint),
      ...(Object.keys(ids.users).length + Object.keys(ids.groups).length === 0 ? {} : { ids: { users: sortedIds(ids.users), groups: sortedIds(ids.groups) } }),
    },
  });
  // userdel also removes the user's private group (the group of the same name), as Debian's
  // USERGROUPS_ENAB has it: the groupdel that follows then finds it gone, as expected.
  const deletedUsers = new Set<string>();
  for (const step of plan.steps) {
    if (step.ledger?.managed === false) {
      const { kind, name } = step.ledger;
      if ((kind === 'user' ? lookup.user(name) : lookup.group(name)) === null) {
        if (!(kind === 'group' && deletedUsers.has(name))) notes.push(`${kind} ${name} disappeared before it was deleted`);
        withLedgerChange(ledger, step);
        continue;
      }
    }
    const result = runner(step.argv);
    if (result.status !== 0) {
      const why = result.stderr.trim() || (result.status === null ? 'it could not be run' : `exit status ${result.status}`);
      throw new CredentialsApplyError(`cannot ${step.description}: ${step.argv.join(' ')} failed: ${why}`, report());
    }
    done.push(step);
    withLedgerChange(ledger, step);
    if (step.ledger?.managed === true) {
      const id = step.ledger.kind === 'user' ? lookup.user(step.ledger.name)?.uid : lookup.group(step.ledger.name)?.gid;
      if (id !== undefined) (step.ledger.kind === 'user' ? ids.users : ids.groups)[step.ledger.name] = id;
    }
    if (step.ledger?.kind === 'user' && !step.ledger.managed) deletedUsers.add(step.ledger.name);
  }
  return report();
};
