/**
 * State directories, created before every start: `mkdir -p`, the declared mode, and, when
 * the supervisor runs as root, the declared owner. Doing this here instead of in
 * `initialize` means a restart repairs a directory someone removed or chmodded.
 * @module
 */
import { chmod, chown, mkdir } from 'node:fs/promises';
import type { StateDir } from '../model/state-dir.js';
import { lookupGroup, lookupUser } from './accounts.js';

/** Uid and gid to give a directory; -1 leaves that id as it is (chown(2) semantics). */
const owner = async (dir: StateDir): Promise<{ uid: number; gid: number }> => {
  const account = dir.user === null ? null : await lookupUser(dir.user);
  const gid = dir.group !== null ? await lookupGroup(dir.group) : account?.gid ?? -1;
  return { uid: account?.uid ?? -1, gid };
};

/**
 * Creates the directories in order. Without root, owners are ignored: an unprivileged
 * deployment runs everything as the calling user, who owns what it creates anyway.
 * Rejects with a message naming the directory.
 */
export const createStateDirs = async (dirs: readonly StateDir[], isRoot: boolean): Promise<void> => {
  for (const dir of dirs) {
    try {
      await mkdir(dir.path, { recursive: true });
      // mkdir's mode is filtered by the umask, and an existing directory keeps its old one.
      await chmod(dir.path, Number.parseInt(dir.mode, 8));
      if (isRoot && (dir.user !== null || dir.group !== null)) {
        const { uid, gid } = await owner(dir);
        await chown(dir.path, uid, gid);
      }
    } catch (error) {
      throw new Error(`state directory ${dir.path}: ${(error as Error).message}`);
    }
  }
};
