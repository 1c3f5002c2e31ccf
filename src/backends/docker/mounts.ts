/**
 * The bind mounts every container of a deployment gets: the directory family read-write
 * at the same paths (state, logs, pid files and tmp all live there), the store read-only
 * (generated configuration files and wrapper scripts), and read-only what the process
 * takes from the host outside the image's system directories: the directory of its
 * executable, its declared inputs, the paths its arguments name and its working
 * directory, so a model can run its own code (`node /srv/app/server.js`) in a stock image.
 * @module
 */
import type { BuildSettings } from '../../generation/settings.js';
import { borrowedPaths, outermost } from '../borrowed-paths.js';
import type { HostPath } from '../../model/inputs/collect.js';
import type { DockerMount } from './record.js';

/**
 * Directories an image provides itself: an executable under one of them is taken from
 * the image, not from the host. /opt counts as the image's, as add-on software is
 * installed into the image rather than borrowed from the host.
 */
export const IMAGE_DIRECTORIES: readonly string[] = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc', '/opt'];

/** The deployment's read-write directories: the directory family without nested repeats. */
export const dataDirectories = (settings: BuildSettings): string[] =>
  outermost([settings.stateDir, settings.runtimeDir, settings.logDir, settings.tmpDir, settings.cacheDir, settings.spoolDir, settings.lockDir, settings.libDir].map((path) => ({ path }))).map((d) => d.path);

/**
 * The mounts of a container running `executables` (absolute paths or bare names looked
 * up on the image's PATH) that needs `hostPaths` (files or directories that exist on the
 * host), by path in the container.
 */
export const defaultMounts = (settings: BuildSettings, executables: readonly string[], hostPaths: readonly HostPath[] = []): Record<string, DockerMount> => {
  const mounts: Record<string, DockerMount> = {};
  const data = dataDirectories(settings);
  for (const dir of data) mounts[dir] = { source: dir, readOnly: false };
  mounts[settings.storeDir] = { source: settings.storeDir, readOnly: true };
  const view = { imageDirectories: IMAGE_DIRECTORIES, provided: [...data, settings.storeDir] };
  for (const { path } of borrowedPaths(view, executables, hostPaths)) mounts[path] = { source: path, readOnly: true };
  return mounts;
};
