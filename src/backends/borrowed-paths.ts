/**
 * What a container takes from the host: the directory of its executable, its declared
 * inputs, the paths its arguments name and its working directory, except what the image
 * provides (its system directories), what is visible already (the store, the deployment's
 * directories) and the paths a container has of its own. Shared by the docker backend's
 * bind mounts and the Kubernetes backend's hostPath volumes.
 * @module
 */
import { dirname } from 'node:path';
import type { HostPath } from '../model/inputs/collect.js';

/**
 * Paths a container has of its own: the host's copy of one of them, mounted read-only,
 * would break the container (a working directory of /tmp, an argument of /dev/null).
 * Paths below /tmp or /srv are still borrowed.
 */
const CONTAINER_OWN: readonly string[] = ['/', '/tmp', '/var', '/var/tmp', '/run', '/var/run', '/home', '/root', '/mnt', '/media', '/srv'];
const CONTAINER_TREES: readonly string[] = ['/dev', '/proc', '/sys'];

/** True when `path` is `dir` or below it. */
export const isUnder = (path: string, dir: string): boolean =>
  path === dir || dir === '/' || path.startsWith(`${dir}/`);

/** `paths` without those below another one of them, sorted by path. */
export const outermost = <T extends { path: string }>(paths: readonly T[]): T[] => {
  const unique = [...new Map(paths.map((p) => [p.path, p])).values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return unique.filter((p) => !unique.some((other) => other.path !== p.path && isUnder(p.path, other.path)));
};

/** What the container has without borrowing: the image's directories, and paths it gets otherwise. */
export interface ContainerView {
  readonly imageDirectories: readonly string[];
  /** Mounted anyway (the store, the deployment's directories), or the container's own data. */
  readonly provided: readonly string[];
}

/**
 * The host paths a container running `executables` (absolute paths or bare names) with
 * `hostPaths` must borrow, outermost first. An executable brings its directory (a script's
 * own modules), or the file alone when its directory is one the container has itself.
 */
export const borrowedPaths = (view: ContainerView, executables: readonly string[], hostPaths: readonly HostPath[]): HostPath[] => {
  const borrowable = (path: string): boolean =>
    path.startsWith('/') && !CONTAINER_OWN.includes(path)
    && ![...view.imageDirectories, ...CONTAINER_TREES, ...view.provided].some((dir) => isUnder(path, dir));
  const programs = executables.filter((exe) => exe.startsWith('/')).map((exe): HostPath => (CONTAINER_OWN.includes(dirname(exe)) ? { path: exe, kind: 'file' } : { path: dirname(exe), kind: 'directory' }));
  return outermost([...programs, ...hostPaths].filter((p) => borrowable(p.path)));
};
