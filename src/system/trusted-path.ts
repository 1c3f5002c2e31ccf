/**
 * Whether a directory or file is safe to act on as the invoking user. Root writing a
 * process's output to `<log-dir>/procform/web.log`, or killing the processes a state file
 * names, must not do so through a link or a file another user planted: the directories
 * must be the user's own (or root's) and closed to group and others, and the files the
 * user's own, never links.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, statSync, type Stats } from 'node:fs';
import { UntrustedPathError } from '../errors.js';

const uid = (): number => process.getuid?.() ?? 0;

/** "bob (uid 1001)", or "uid 1001" when the name service does not know it. */
export const describeUser = (id: number): string => {
  const entry = spawnSync('getent', ['passwd', String(id)], { encoding: 'utf8' });
  const name = entry.status === 0 ? entry.stdout.split(':')[0] : undefined;
  return name ? `${name} (uid ${id})` : `uid ${id}`;
};

const planted = 'another user could plant files in it that procform would write to or act on, such as a log that is a link to another file or a state file naming processes to kill';

const refuse = (path: string, role: string, why: string, fix: string): UntrustedPathError =>
  new UntrustedPathError(`refusing to use ${path} as ${role}: ${why}`, path, `${planted}; use a directory only you can write to (the default state dir is one), or ${fix}`);

/**
 * Throws an `UntrustedPathError` unless `path` is a directory owned by the invoking user or
 * root that group and others cannot write to. A missing directory passes: procform creates
 * it itself. `followLinks: false` also refuses a link, for the directories procform makes
 * itself inside the configured ones.
 * @param role what the directory is, e.g. "the log dir"
 */
export const checkTrustedDirectory = (path: string, role: string, options: { readonly followLinks: boolean }): void => {
  let stats: Stats;
  try {
    stats = options.followLinks ? statSync(path) : lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (stats.isSymbolicLink()) throw refuse(path, role, 'it is a symbolic link, which procform does not follow here', `remove the link (rm ${path}) so that procform makes the directory itself`);
  if (!stats.isDirectory()) throw refuse(path, role, 'it is not a directory', `remove it (rm ${path})`);
  const me = uid();
  if (stats.uid !== me && stats.uid !== 0) {
    throw refuse(path, role, `it is owned by ${describeUser(stats.uid)}, not by ${describeUser(me).replace(/ \(uid 0\)$/, '')}`, `make it yours: chown ${me} ${path} && chmod go-w ${path}`);
  }
  const writable = stats.mode & 0o022;
  if (writable !== 0) {
    const who = writable === 0o022 ? 'group and others' : writable === 0o020 ? 'its group' : 'others';
    throw refuse(path, role, `${who} can write to it`, `close it: chmod go-w ${path}`);
  }
};

/**
 * Throws an `UntrustedPathError` unless the open file `stats` describe is a regular file
 * of the invoking user's. Check the descriptor procform opened (with O_NOFOLLOW), not the
 * name, which could be swapped in between.
 */
export const checkOwnFile = (stats: Stats, path: string, role: string): void => {
  if (!stats.isFile()) throw refuse(path, role, 'it is not a regular file', `remove it (rm ${path})`);
  const me = uid();
  if (stats.uid !== me) throw refuse(path, role, `it is owned by ${describeUser(stats.uid)}, not by ${describeUser(me).replace(/ \(uid 0\)$/, '')}`, `remove it (rm ${path}) if you do not know where it came from`);
};

/** The error for a file that turned out to be a link when it was opened with O_NOFOLLOW. */
export const linkRefused = (path: string, role: string): UntrustedPathError =>
  refuse(path, role, 'it is a symbolic link, which procform does not follow', `remove the link (rm ${path})`);
