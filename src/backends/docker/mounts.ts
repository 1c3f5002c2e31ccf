/**
 * The bind mounts every container of a deployment gets: the directory family read-write
 * at the same paths (state, logs, pid files and tmp all live there), the store read-only
 * (generated configuration files and wrapper scripts), and the directory of an executable
 * that lives outside the image's system directories read-only, so a model can run its own
 * scripts in a stock image.
 * @module
 */
import { dirname } from 'node:path';
import type { BuildSettings } from '../backend.js';
import type { DockerMount } from './record.js';

/**
 * Directories an image provides itself: an executable under one of them is taken from
 * the image, not from the host. /opt counts as the image's, as add-on software is
 * installed into the image rather than borrowed from the host.
 */
export const IMAGE_DIRECTORIES: readonly string[] = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc', '/opt'];

/** True when `path` is `dir` or below it. */
export const isUnder = (path: string, dir: string): boolean =>
  path === dir || dir === '/' || path.startsWith(`${dir}/`);

/** `dirs` without those below another one of them, sorted. */
const outermost = (dirs: readonly string[]): string[] => {
  const sorted = [...new Set(dirs)].sort();
  return sorted.filter((dir) => !sorted.some((other) => other !== dir && isUnder(dir, other)));
};

/** The deployment's read-write directories: the directory family without nested repeats. */
export const dataDirectories = (settings: BuildSettings): string[] =>
  outermost([settings.stateDir, settings.runtimeDir, settings.logDir, settings.tmpDir, settings.cacheDir, settings.spoolDir, settings.lockDir, settings.libDir]);

/**
 * The mounts of a container running `executables` (absolute paths or bare names looked
 * up on the image's PATH), by path in the container.
 */
export const defaultMounts = (settings: BuildSettings, executables: readonly string[]): Record<string, DockerMount> => {
  const mounts: Record<string, DockerMount> = {};
  const data = dataDirectories(settings);
  for (const dir of data) mounts[dir] = { source: dir, readOnly: false };
  mounts[settings.storeDir] = { source: settings.storeDir, readOnly: true };
  const visible = [...data, settings.storeDir];
  const borrowed = executables
    .filter((exe) => exe.startsWith('/'))
    .filter((exe) => !IMAGE_DIRECTORIES.some((dir) => isUnder(exe, dir)) && !visible.some((dir) => isUnder(exe, dir)))
    .map((exe) => dirname(exe));
  for (const dir of outermost(borrowed)) mounts[dir] = { source: dir, readOnly: true };
  return mounts;
};
