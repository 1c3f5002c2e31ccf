/**
 * Delivering secrets at switch time. The store names where each secret comes from; the
 * switch reads every value first (a missing one fails the switch before anything
 * changes), then writes each process's values to its secrets file: mode 0400, owned by
 * the process's user, in a directory only its owner can list, never through a link. The
 * manager reads that file when it starts the process (see each backend). A process that
 * keeps running while its values changed is restarted after the switch, so a rotated
 * secret is picked up by the next switch without its value ever reaching the store.
 * @module
 */
import { closeSync, constants, fchownSync, openSync, readFileSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import type { GenerationDocument } from '../generation/document.js';
import { describeSecret, type Secret, type SecretsSpec } from '../model/secret.js';
import { parseEnvFile, renderEnvFile } from '../render/env-file.js';
import { lookupUser } from '../system/accounts.js';
import { makeDir } from '../system/private-dir.js';
import { checkTrustedDirectory } from '../system/trusted-path.js';

/** One process's secrets, read and ready to write. */
export interface ReadSecrets {
  readonly instance: string;
  readonly spec: SecretsSpec;
  /** The file's content. */
  readonly content: string;
}

/** Where a switch reads secret values from. */
export interface SecretSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: (path: string) => string;
}

const HERE: SecretSources = { env: process.env, readFile: (path) => readFileSync(path, 'utf8') };

const valueOf = (instance: string, name: string, source: Secret, sources: SecretSources): string => {
  const what = `secret ${name} of ${instance} comes from the ${describeSecret(source)}`;
  if (source.secret === 'env') {
    const value = sources.env[source.name];
    if (value === undefined) {
      throw new InputError(`${what}, which is not set`, `export ${source.name} before the switch (sudo clears the environment: sudo --preserve-env=${source.name} procform switch …)`);
    }
    return value;
  }
  try {
    // A file written by an editor or `echo` ends with a newline that is not part of the value.
    return sources.readFile(source.path).replace(/\n$/, '');
  } catch (error) {
    throw new InputError(`${what}, which cannot be read: ${(error as Error).message}`, `create ${source.path} (readable by the user who switches), or change the model`);
  }
};

/**
 * The secrets of every process of `document`, values read. Throws an `InputError` naming
 * the first secret that is missing, before anything is written or switched.
 */
export const readSecrets = (document: GenerationDocument | null, sources: SecretSources = HERE): ReadSecrets[] =>
  (document?.processes ?? []).flatMap((p) => {
    if (p.secrets === undefined) return [];
    const values = Object.fromEntries(Object.entries(p.secrets.values).map(([name, source]) => [name, valueOf(p.instance, name, source, sources)]));
    return [{ instance: p.instance, spec: p.secrets, content: renderEnvFile(values) }];
  });

/** Makes (or checks) a directory of secrets files: the deployer's, closed to listing, never a link. */
const secretsDir = (dir: string): void => {
  for (const path of [dirname(dir), dir]) {
    checkTrustedDirectory(path, 'a directory of secrets', { followLinks: false });
    makeDir(path, 0o711);
    checkTrustedDirectory(path, 'a directory of secrets', { followLinks: false });
  }
};

/** The file's content, or null when there is none; never through a link. */
const currentContent = (file: string): string | null => {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
};

/** Writes `content` to a new 0400 file owned by `owner`, then renames it over `file`. */
const replaceFile = (file: string, content: string, owner: { uid: number; gid: number } | null): void => {
  const temporary = `${file}.${process.pid}.new`;
  const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o400);
  try {
    writeSync(fd, content);
    if (owner !== null) fchownSync(fd, owner.uid, owner.gid);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temporary);
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, file);
};

/**
 * Writes each process's secrets file, owned by its user when `chown` (root deploying
 * processes that run on this machine). Returns the processes whose file was there with
 * other values: the ones to restart if the switch keeps them running.
 */
export const writeSecrets = async (secrets: readonly ReadSecrets[], chown: boolean): Promise<ReadonlySet<string>> => {
  const changed = new Set<string>();
  for (const { instance, spec, content } of secrets) {
    secretsDir(dirname(spec.file));
    const before = currentContent(spec.file);
    const owner = chown && spec.user !== null ? await lookupUser(spec.user) : null;
    replaceFile(spec.file, content, owner);
    if (before !== null && before !== content) changed.add(instance);
  }
  return changed;
};

/**
 * Removes the secrets files in the directories `document` writes to that no process of
 * `document` reads, once a switch to it has succeeded, so an undeployed process's values
 * do not stay on disk.
 */
export const removeStaleSecrets = (dirs: readonly string[], document: GenerationDocument | null): void => {
  const wanted = new Set((document?.processes ?? []).flatMap((p) => (p.secrets ? [p.secrets.file] : [])));
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) if (name.endsWith('.env') && !wanted.has(join(dir, name))) unlinkSync(join(dir, name));
  }
};

/** The values of a secrets file (for the managers procform runs itself, and docker and Kubernetes), never through a link. */
export const readSecretsFile = (file: string): Record<string, string> => {
  const content = currentContent(file);
  if (content === null) throw new Error(`the secrets file ${file} is missing: switch again to write it`);
  return parseEnvFile(content);
};
