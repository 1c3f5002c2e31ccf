/**
 * The real machine behind `applyCredentials`: shadow-utils run without a shell, and
 * `getent` for lookups, so accounts from LDAP or other NSS sources count as existing.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { DeployError } from '../errors.js';
import type { AccountLookup, CommandResult, CommandRunner } from './credentials-apply.js';

// useradd and friends live in sbin, which is often missing from PATH outside a login shell.
const SEARCH_PATH = [process.env.PATH ?? '', '/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/bin', '/bin'].filter((p) => p !== '').join(':');

/** Runs a command with sbin directories on its PATH and reports its status and stderr. */
export const systemRunner: CommandRunner = (argv: readonly string[]): CommandResult => {
  const [command, ...args] = argv;
  if (command === undefined) return { status: null, stderr: 'empty command' };
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PATH: SEARCH_PATH } });
  if (result.error !== undefined) return { status: null, stderr: result.error.message };
  return { status: result.status, stderr: result.stderr ?? '' };
};

/** One `getent` record split into fields, or null when the database has no such key. */
const getent = (database: 'passwd' | 'group', name: string): string[] | null => {
  const result = spawnSync('getent', [database, name], { encoding: 'utf8', env: { ...process.env, PATH: SEARCH_PATH } });
  // Status 2: the key was not found.
  if (result.status === 2) return null;
  if (result.error !== undefined || result.status !== 0) {
    const why = result.error?.message ?? (result.stderr.trim() || `exit status ${result.status}`);
    throw new DeployError(`cannot look up ${database === 'passwd' ? 'user' : 'group'} ${name} with getent: ${why}`, false);
  }
  const fields = result.stdout.split('\n')[0]!.split(':');
  // getent also looks numeric keys up by id; only an exact name match counts.
  return fields[0] === name ? fields : null;
};

/** True when `getent` finds an account or group with this numeric id. */
const idTaken = (kind: 'user' | 'group', id: number): boolean => {
  const result = spawnSync('getent', [kind === 'user' ? 'passwd' : 'group', String(id)], { encoding: 'utf8', env: { ...process.env, PATH: SEARCH_PATH } });
  if (result.status === 2) return false;
  if (result.error !== undefined || result.status !== 0) {
    throw new DeployError(`cannot look up ${kind === 'user' ? 'uid' : 'gid'} ${id} with getent: ${result.error?.message ?? (result.stderr.trim() || `exit status ${result.status}`)}`, false);
  }
  return true;
};

/** Looks accounts up with `getent passwd` and `getent group`. */
export const systemLookup: AccountLookup = {
  idTaken,
  user: (name) => {
    const fields = getent('passwd', name);
    return fields === null ? null : { uid: Number(fields[2]) };
  },
  group: (name) => {
    const fields = getent('group', name);
    return fields === null ? null : { gid: Number(fields[2]) };
  },
};

/** The machine's no-login shell: the first of the usual places that exists. */
export const systemNologin = (): string => {
  for (const shell of ['/usr/sbin/nologin', '/sbin/nologin', '/usr/bin/false', '/bin/false']) {
    try {
      accessSync(shell, constants.X_OK);
      return shell;
    } catch {
      // Not here; try the next place.
    }
  }
  return '/usr/sbin/nologin';
};
