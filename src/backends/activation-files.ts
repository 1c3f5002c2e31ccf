/**
 * What activators do with files alike: read the records of a generation's entries, replace
 * a file or link in one step, and find the scripts a deployment installed as links into
 * the store.
 * @module
 */
import { existsSync, readdirSync, realpathSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { ActivationGeneration } from '../deploy/activator.js';

/**
 * `read(entry)` of every process of a generation, by instance. With `lenient`, entries that
 * cannot be read are left out — for the generation being left, which may be damaged.
 */
export const byInstance = <T>(generation: ActivationGeneration | null, read: (entry: string) => T, lenient = false): Map<string, T> => {
  const found = new Map<string, T>();
  for (const unit of generation?.units ?? []) {
    try {
      found.set(unit.instance, read(unit.entry));
    } catch (error) {
      if (!lenient) throw error;
    }
  }
  return found;
};

/** Replaces `path` in one rename: `make` writes the new version at the temporary path it gets. */
export const replaceAtomically = (path: string, make: (temporary: string) => void): void => {
  const temporary = `${path}.procform-new`;
  rmSync(temporary, { force: true });
  make(temporary);
  renameSync(temporary, path);
};

/** Replaces `path` with a symlink to `target` in one rename. */
export const linkAtomically = (target: string, path: string): void => replaceAtomically(path, (temporary) => symlinkSync(target, temporary));

/** A script installed as a link into a store entry, with the entry's record. */
export interface InstalledScript<R> {
  readonly script: string;
  readonly record: R;
}

/**
 * The links in `dir` whose targets lie in an entry `read` understands, by link name.
 * `entryOf` maps a link's resolved target to its entry. Anything else in the directory (a
 * dangling link, a script procform did not install) is not procform's to run.
 */
export const installedScripts = <R>(dir: string, entryOf: (target: string) => string, read: (entry: string) => R): Map<string, InstalledScript<R>> => {
  const found = new Map<string, InstalledScript<R>>();
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    try {
      found.set(name, { script: join(dir, name), record: read(entryOf(realpathSync(join(dir, name)))) });
    } catch {
      // Not ours to run.
    }
  }
  return found;
};
