/**
 * A container's user as numeric ids. The accounts exist on the host (the switch creates
 * them there, and state directories belong to them), not in the image, so the container
 * gets `--user uid:gid` and the user's supplementary groups as numbers.
 * @module
 */
import { lookupGroup, lookupUser } from '../../supervisor/accounts.js';
import { runCommand } from '../run-command.js';
import type { ResolvedUser } from './create-args.js';
import type { DockerContainer } from './record.js';

/** The user's groups on the host (`id -G`); none when they cannot be read. */
const supplementaryGroups = async (user: string): Promise<number[]> => {
  const result = await runCommand('id', ['-G', '--', user], { timeoutSeconds: 30 });
  if (result.code !== 0) return [];
  return result.stdout.trim().split(/\s+/).filter((g) => /^\d+$/.test(g)).map(Number);
};

/** The ids of the record's user, or null when it has none; rejects when the account is missing. */
export const resolveUser = async (record: DockerContainer): Promise<ResolvedUser | null> => {
  if (record.user === null) return null;
  const account = await lookupUser(record.user);
  const gid = record.group === null ? account.gid : await lookupGroup(record.group);
  return { uid: account.uid, gid, groups: [...new Set(await supplementaryGroups(record.user))].sort((a, b) => a - b) };
};
