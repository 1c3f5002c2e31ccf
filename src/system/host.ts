/**
 * The real machine as validation sees it: users and groups through the name service
 * (`getent`, so LDAP and the like count), executables through the file system.
 * @module
 */
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** The path of program `name` on PATH (or the sbin directories), or undefined. */
export const findProgram = (name: string): string | undefined => {
  if (name.includes('/')) return isExecutable(name) ? name : undefined;
  const dirs = (process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':').concat(['/usr/local/sbin', '/usr/sbin', '/sbin']);
  return dirs.map((dir) => join(dir, name)).find(isExecutable);
};

// A check that hangs must not hang the build.
const CHECK_TIMEOUT_MS = 30_000;

/** Runs a file check in a private directory that is removed afterwards. */
export const checkFile: NonNullable<Host['checkFile']> = (name, text, command) => {
  const program = findProgram(command[0] ?? '');
  if (program === undefined) return { status: 'unavailable' };
  const work = mkdtempSync(join(tmpdir(), 'procform-check-'));
  try {
    const dir = join(work, 'dir');
    const file = join(work, name);
    mkdirSync(dir);
    const fill = (s: string): string => s.replaceAll('{dir}', dir).replaceAll('{file}', file);
    writeFileSync(file, text.replaceAll('{dir}', dir), { mode: 0o600 });
    const result = spawnSync(program, command.slice(1).map(fill), { cwd: dir, encoding: 'utf8', timeout: CHECK_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.error) return { status: 'failed', output: result.error.message };
    if (result.status === 0) return { status: 'passed' };
    // Paths of the private copy mean nothing to the user: show the file's name instead.
    const output = `${result.stdout}${result.stderr}`.replaceAll(file, name).replaceAll(dir, '<check dir>');
    return { status: 'failed', output: output || `exit ${result.status ?? result.signal}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
};

/** Host facts of this machine. */
export const localHost = (): Host => ({
  checkFile,
  userExists: (name) => lookupUser(name) !== undefined,
  groupExists: (name) => lookupGroup(name) !== undefined,
  isExecutable,
});

/** Name of the group with this gid, or the gid as text when it has no name. */
export const groupName = (gid: number): string => {
  const result = spawnSync('getent', ['group', String(gid)], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.split(':')[0]! : String(gid);
};
