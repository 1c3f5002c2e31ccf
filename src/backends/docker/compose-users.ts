/**
 * The numeric `user:` of each compose service. Compose passes the value to the engine,
 * which looks names up in the image, where the host's accounts do not exist, so ids are
 * written: the ones the model declares (ids file) first, else this machine's accounts.
 * @module
 */
import { InputError } from '../../errors.js';
import { lookupGroup, lookupUser } from '../../supervisor/accounts.js';
import type { ComposeUser } from './compose.js';
import type { DockerContainer } from './record.js';

const missing = (record: DockerContainer, what: string): InputError =>
  new InputError(
    `compose: ${record.activation.instance} runs as ${what}, which has no id in the ids file and no account on this machine`,
    'assign ids with procform ids, create the account (procform switch -P docker does), or export with --force-disable-user-change',
  );

/** Resolves every record's user to `uid:gid` now, and returns the lookup compose needs. */
export const composeUsers = async (records: readonly DockerContainer[]): Promise<ComposeUser> => {
  const ids = new Map<DockerContainer, string>();
  for (const record of records) {
    if (record.user === null) continue;
    const account = record.uid !== null && (record.gid !== null || record.group !== null)
      ? null
      : await lookupUser(record.user).catch(() => { throw missing(record, `user "${record.user}"`); });
    const uid = record.uid ?? account!.uid;
    const gid = record.gid
      ?? (record.group !== null ? await lookupGroup(record.group).catch(() => { throw missing(record, `group "${record.group}"`); }) : account!.gid);
    ids.set(record, `${uid}:${gid}`);
  }
  return (record) => ids.get(record) ?? null;
};
