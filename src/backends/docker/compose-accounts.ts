/**
 * The accounts of each compose service. Compose starts the containers itself, so the
 * entries and ids the `run` wrapper needs are written into each service's environment now:
 * this machine's accounts, else the ids the model declares (ids file).
 * @module
 */
import { InputError } from '../../errors.js';
import { hostAccounts, resolveAccounts, type AccountSource, type ContainerAccounts } from './accounts.js';
import type { ComposeAccounts } from './compose.js';
import type { DockerContainer } from './record.js';

const missing = (record: DockerContainer, error: Error): InputError =>
  new InputError(
    `compose: ${record.activation.instance}: ${error.message} on this machine, and the ids file gives it no id`,
    'assign ids with procform ids, create the accounts (procform switch -P docker does), or export with --force-disable-user-change',
  );

/** This machine's accounts, else an entry made from the ids the record declares. */
const declaredOr = (record: DockerContainer): AccountSource => {
  const users = new Map(record.accounts.users.map((u) => [u.name, u]));
  const groups = new Map(record.accounts.groups.map((g) => [g.name, g.gid]));
  const gidOf = (group: string | null): number | null => (group === null ? null : groups.get(group) ?? null);
  const declaredUser = (name: string): string[] | null => {
    const user = users.get(name);
    const uid = user?.uid ?? (name === record.user ? record.uid : null);
    const gid = gidOf(user?.group ?? null) ?? (name === record.user ? record.gid : null);
    return uid === null || gid === null ? null : [name, 'x', String(uid), String(gid), '', '/nonexistent', '/usr/sbin/nologin'];
  };
  const declaredGroup = (key: string): string[] | null => {
    const byName = groups.get(key);
    if (byName !== undefined && byName !== null) return [key, 'x', String(byName), ''];
    const byId = [...groups].find(([, gid]) => gid !== null && String(gid) === key);
    if (byId !== undefined) return [byId[0], 'x', key, ''];
    // A primary group known only by its id, such as the declared gid of the user.
    return /^\d+$/.test(key) ? [key, 'x', key, ''] : null;
  };
  return {
    user: async (name) => (await hostAccounts.user(name)) ?? declaredUser(name),
    group: async (key) => (await hostAccounts.group(key)) ?? declaredGroup(key),
    groupsOf: async (name) => {
      const host = await hostAccounts.user(name);
      return host !== null ? hostAccounts.groupsOf(name) : [Number(declaredUser(name)?.[3])].filter((gid) => !Number.isNaN(gid));
    },
  };
};

/** Resolves every record's accounts now, and returns the lookup compose needs. */
export const composeAccounts = async (records: readonly DockerContainer[]): Promise<ComposeAccounts> => {
  const resolved = new Map<DockerContainer, ContainerAccounts | null>();
  for (const record of records) {
    resolved.set(record, await resolveAccounts(record, declaredOr(record)).catch((error: Error) => { throw missing(record, error); }));
  }
  return (record) => resolved.get(record) ?? null;
};
