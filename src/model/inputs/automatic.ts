/**
 * What procform tracks without being told: the program a process runs and the files its
 * arguments name, when they lie outside the system's directories and the deployment's own.
 * A system program changes with the system's packages, and a store path changes its name
 * when its content changes; the deployment's directories hold the process's data, whose
 * changes must not restart it.
 * @module
 */
import { resolve } from 'node:path';
import type { ProcessSpec } from '../process-spec.js';

/** Where a tracked path came from. */
export type InputSource = 'declared' | 'executable' | 'argument';

/** Directories of the system: programs and files there are not tracked unless declared. */
export const SYSTEM_DIRECTORIES: readonly string[] = ['/usr', '/bin', '/sbin', '/etc', '/nix/store', '/gnu/store', '/proc', '/sys', '/dev'];

/** The deployment's directories, as the build knows them. */
export interface DeploymentDirectories {
  readonly storeDir: string;
  /** The directory family: state, runtime, log, tmp, cache, spool, lock and lib directories. */
  readonly data: readonly string[];
}

/** True when `path` is `dir` or lies below it. */
export const isUnder = (path: string, dir: string): boolean =>
  path === dir || dir === '/' || path.startsWith(`${dir}/`);

/** True for a path under a system directory (`/lib`, `/lib32`, `/lib64`, `/libx32` and `/libexec` included). */
export const isSystemPath = (path: string): boolean =>
  /^\/lib(32|64|x32|exec)?(\/|$)/.test(path) || SYSTEM_DIRECTORIES.some((dir) => isUnder(path, dir));

/** A path procform would track if it is a regular file. */
export interface Candidate {
  readonly path: string;
  readonly source: Exclude<InputSource, 'declared'>;
}

/**
 * The executables (absolute paths only: a bare name is looked up by the manager at run
 * time, on a PATH the build cannot know) and the absolute arguments of both modes that
 * may be tracked. Whether each is a regular file is for the caller to find out.
 */
export const automaticCandidates = (spec: ProcessSpec, dirs: DeploymentDirectories): Candidate[] => {
  const own = [...dirs.data, dirs.storeDir, ...spec.stateDirs.map((d) => d.path)];
  const eligible = (path: string): boolean =>
    path.startsWith('/') && !isSystemPath(path) && !own.some((dir) => isUnder(path, dir)) && path !== spec.pidFile && path !== spec.logFile;
  const seen = new Set<string>();
  const out: Candidate[] = [];
  const add = (given: string, source: Candidate['source']): void => {
    if (!given.startsWith('/')) return;
    // Most paths are normal already; resolving every argument of a large model shows in its build time.
    const path = /\/\.{0,2}(\/|$)/.test(given) ? resolve(given) : given;
    if (!eligible(path) || seen.has(path)) return;
    seen.add(path);
    out.push({ path, source });
  };
  for (const exe of [spec.foregroundProcess, spec.daemon]) if (exe !== null) add(exe, 'executable');
  for (const arg of [...spec.foregroundProcessArgs, ...spec.daemonArgs]) add(arg, 'argument');
  return out;
};
