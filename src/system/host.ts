/**
 * The real machine as validation sees it: users and groups through the name service
 * (`getent`, so LDAP and the like count), executables through the file system.
 * @module
 */
import { accessSync, constants, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import type { Host } from '../model/host.js';

const getent = (database: 'passwd' | 'group', name: string): string | undefined => {
  const result = spawnSync('getent', [database, name], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
};

const cached = <T>(fn: (key: string) => T): ((key: string) => T) => {
  const cache = new Map<string, T>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, fn(key));
    return cache.get(key)!;
  };
};

/** A user's entry from the name service, or undefined. */
export const lookupUser = cached((name: string) => getent('passwd', name));

/** A group's entry from the name service, or undefined. */
export const lookupGroup = cached((name: string) => getent('group', name));

/** Host facts of this machine. */
export const localHost = (): Host => ({
  userExists: (name) => lookupUser(name) !== undefined,
  groupExists: (name) => lookupGroup(name) !== undefined,
  isExecutable: (path) => {
    try {
      accessSync(path, constants.X_OK);
      return statSync(path).isFile();
    } catch {
      return false;
    }
  },
});

/** Name of the group with this gid, or the gid as text when it has no name. */
export const groupName = (gid: number): string => {
  const result = spawnSync('getent', ['group', String(gid)], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.split(':')[0]! : String(gid);
};
