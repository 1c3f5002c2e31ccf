/**
 * User and group lookups through `getent`, so that every name service the machine uses
 * (files, LDAP, systemd-homed…) answers, not only /etc/passwd.
 * @module
 */
import { execFile } from 'node:child_process';

/** A user's ids. */
export interface Account {
  readonly name: string;
  readonly uid: number;
  /** Primary group. */
  readonly gid: number;
}

/** One `getent DATABASE KEY` line split on ":", or null when there is no such entry. */
export const getent = (database: 'passwd' | 'group', key: string): Promise<string[] | null> =>
  new Promise((resolve, reject) => {
    execFile('getent', [database, key], { encoding: 'utf8' }, (error, stdout) => {
      // Exit status 2 is getent's "key not found".
      if (error && (error as { code?: unknown }).code === 2) resolve(null);
      else if (error) reject(error);
      else resolve(stdout.split('\n')[0]?.split(':') ?? null);
    });
  });

const number = (text: string | undefined): number => (text !== undefined && /^\d+$/.test(text) ? Number(text) : NaN);

/** Looks a user up by name or numeric id; rejects with a readable message when it does not exist. */
export const lookupUser = async (user: string): Promise<Account> => {
  const fields = await getent('passwd', user);
  const uid = number(fields?.[2]);
  const gid = number(fields?.[3]);
  if (fields === null || Number.isNaN(uid) || Number.isNaN(gid)) throw new Error(`user "${user}" does not exist`);
  return { name: fields[0] ?? user, uid, gid };
};

/** Looks a group's id up by name or numeric id. */
export const lookupGroup = async (group: string): Promise<number> => {
  const gid = number((await getent('group', group))?.[2]);
  if (Number.isNaN(gid)) throw new Error(`group "${group}" does not exist`);
  return gid;
};
