/**
 * The model's accounts in a docker container (see ../container-accounts.ts). They exist on
 * the host: the switch creates them there, and the state directories belong to them. So a
 * container whose process has a user starts as root, and its `run` wrapper adds the host's
 * entries of the process's accounts, runs initialize, and then runs the process as its
 * user. The entries and ids are looked up when the container is created and reach the
 * wrapper in three environment variables, which it removes before the process starts.
 * @module
 */
import { getent } from '../../system/accounts.js';
import { runAsValue } from '../container-accounts.js';
import { runCommand } from '../run-command.js';
import type { DockerContainer } from './record.js';

/** The environment variables that carry the accounts to the wrapper. */
export const ACCOUNT_VARIABLES = { passwd: 'PROCFORM_PASSWD', group: 'PROCFORM_GROUP', runAs: 'PROCFORM_RUN_AS' } as const;

/** Whom the wrapper runs the process as. */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
  /** Supplementary groups, as on the host. */
  readonly groups: readonly number[];
  /** The user's home directory, the process's HOME unless the model sets one. */
  readonly home: string;
}

/** A container's accounts, resolved when it is created. */
export interface ContainerAccounts {
  /** /etc/passwd lines, one per user. */
  readonly passwd: readonly string[];
  /** /etc/group lines, one per group. */
  readonly group: readonly string[];
  /** null: the process runs as the image's user. */
  readonly runAs: RunAs | null;
}

/** What account resolution reads of a record: the docker backend's container, or a Swarm service. */
export type AccountRecord = Pick<DockerContainer, 'accounts' | 'user' | 'group'>;

/** An entry as the container gets it: the host's fields, without a password. */
const entryLine = (fields: readonly string[]): string => [fields[0], 'x', ...fields.slice(2)].join(':');

/** The environment words `docker create` adds for the wrapper. */
export const accountEnvironment = (accounts: ContainerAccounts): Record<string, string> => ({
  ...(accounts.passwd.length > 0 ? { [ACCOUNT_VARIABLES.passwd]: accounts.passwd.join('\n') } : {}),
  ...(accounts.group.length > 0 ? { [ACCOUNT_VARIABLES.group]: accounts.group.join('\n') } : {}),
  ...(accounts.runAs !== null
    ? { [ACCOUNT_VARIABLES.runAs]: runAsValue(accounts.runAs.uid, accounts.runAs.gid, accounts.runAs.groups, accounts.runAs.home) }
    : {}),
});

/** Where a container's accounts come from: this machine's, or compose's view of them. */
export interface AccountSource {
  /** The passwd fields of a user, by name. */
  readonly user: (name: string) => Promise<readonly string[] | null>;
  /** The group fields of a group, by name or id. */
  readonly group: (key: string) => Promise<readonly string[] | null>;
  /** A user's groups, its primary one included. */
  readonly groupsOf: (name: string) => Promise<readonly number[]>;
}

/** The user's groups on the host (`id -G`); none when they cannot be read. */
const supplementaryGroups = async (user: string): Promise<number[]> => {
  const result = await runCommand('id', ['-G', '--', user], { timeoutSeconds: 30 });
  if (result.code !== 0) return [];
  return result.stdout.trim().split(/\s+/).filter((g) => /^\d+$/.test(g)).map(Number);
};

/** This machine's accounts, through getent. */
export const hostAccounts: AccountSource = {
  user: (name) => getent('passwd', name),
  group: (key) => getent('group', key),
  groupsOf: supplementaryGroups,
};

const sortedUnique = (ids: readonly number[]): number[] => [...new Set(ids)].sort((a, b) => a - b);

/**
 * The record's accounts as `source` has them, or null when the container needs none;
 * rejects when an account is missing (the switch creates them before any container).
 */
export const resolveAccounts = async (record: AccountRecord, source: AccountSource = hostAccounts): Promise<ContainerAccounts | null> => {
  const { users, groups } = record.accounts;
  if (users.length === 0 && groups.length === 0 && record.user === null) return null;
  const passwd = new Map<string, readonly string[]>();
  const groupKeys = new Set<string>(groups.map((g) => g.name));
  for (const name of new Set([...users.map((u) => u.name), ...(record.user === null ? [] : [record.user])])) {
    const fields = await source.user(name);
    if (fields === null || fields.length < 7) throw new Error(`user "${name}" does not exist`);
    passwd.set(name, fields);
    // The primary group, so `id` and `ls -l` name it too.
    groupKeys.add(fields[3]!);
  }
  if (record.group !== null) groupKeys.add(record.group);
  const group = new Map<string, string>();
  for (const key of groupKeys) {
    const fields = await source.group(key);
    if (fields === null || fields.length < 4) throw new Error(`group "${key}" does not exist`);
    group.set(fields[0]!, entryLine(fields));
  }
  const lines = { passwd: [...passwd.values()].map(entryLine), group: [...group.values()] };
  if (record.user === null) return { ...lines, runAs: null };
  const user = passwd.get(record.user)!;
  const gid = record.group === null ? Number(user[3]) : Number((await source.group(record.group))![2]);
  return { ...lines, runAs: { uid: Number(user[2]), gid, groups: sortedUnique(await source.groupsOf(record.user)), home: user[5] || '/' } };
};
