/**
 * What an immutable image copies from this machine: the files its processes name, not the
 * model's whole directory (which may hold data, a checkout, or the build context itself).
 * A process names its executables, the paths among its arguments (relative ones against
 * its working directory) and its working directory; the directory is only created in the
 * image, since a process that runs there (often the model's directory) needs it to exist,
 * not everything in it. Paths of the operating system and of the image's own directories
 * come from the base image and the deployment, never from this machine.
 * @module
 */
import { posix } from 'node:path';
import type { BuildSettings } from '../generation/settings.js';
import type { ProcessSpec } from '../model/process-spec.js';

/** Directories whose content belongs to the base image, not to the model. */
export const SYSTEM_DIRECTORIES = ['/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/proc', '/run', '/sbin', '/sys', '/usr', '/var'] as const;

const isUnder = (path: string, dir: string): boolean => path === dir || path.startsWith(dir === '/' ? '/' : `${dir}/`);

/** An argument's path: the argument itself, or the value of `--name=value`. */
const argumentPath = (arg: string): string => (/^--?[^=/]+=/.test(arg) ? arg.slice(arg.indexOf('=') + 1) : arg);

/** A path as the process sees it: absolute as it is, relative against its working directory; null for an option or without a directory. */
const resolved = (path: string, directory: string | null): string | null => {
  if (path.startsWith('/')) return posix.normalize(path);
  if (directory === null || path === '' || path.startsWith('-')) return null;
  return posix.join(directory, path);
};

/**
 * The paths a process names that the image must copy when they exist here: its
 * executables (a bare name is looked up in PATH, so it is not one) and its arguments.
 * Anything else a process reads from this machine joins this list.
 */
export const namedPaths = (spec: ProcessSpec): string[] => [
  ...spec.inputs.map((input) => input.path),
  ...[spec.foregroundProcess, spec.daemon].filter((e): e is string => e !== null && e.includes('/')),
  ...[...spec.foregroundProcessArgs, ...spec.daemonArgs].map(argumentPath),
].map((path) => resolved(path, spec.directory)).filter((path): path is string => path !== null);

/** Working directories of the processes, created in the image. */
export const workingDirectories = (specs: readonly ProcessSpec[]): string[] =>
  [...new Set(specs.flatMap((spec) => (spec.directory === null ? [] : [posix.normalize(spec.directory)])))].sort();

/** The directories of the image's own settings (state, store, logs, …). */
const imageDirectories = (settings: BuildSettings): string[] =>
  [settings.stateDir, settings.runtimeDir, settings.logDir, settings.tmpDir, settings.cacheDir, settings.spoolDir, settings.lockDir, settings.libDir, settings.storeDir];

/**
 * The paths to copy: those named that exist here, inside the model's directory or outside
 * both the system directories and the image's own; the outermost of nested ones, sorted.
 */
export const pathsToCopy = (specs: readonly ProcessSpec[], modelDir: string, settings: BuildSettings, exists: (path: string) => boolean): string[] => {
  const excluded = [...SYSTEM_DIRECTORIES, ...imageDirectories(settings)];
  const wanted = new Set(specs.flatMap(namedPaths).filter((path) =>
    path !== '/' && (isUnder(path, modelDir) || !excluded.some((dir) => isUnder(path, dir))) && exists(path)));
  return [...wanted].filter((path) => ![...wanted].some((other) => other !== path && isUnder(path, other))).sort();
};
