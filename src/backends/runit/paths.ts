/**
 * Where the runit backend keeps its manager instance: the runsvdir scan directory and its
 * helpers under libDir, the runsvdir pid under runtimeDir, logs under logDir.
 * @module
 */
import type { BuildSettings } from '../../generation/settings.js';

/** Directories and files of one runit manager instance. */
export interface RunitPaths {
  /** Root of the manager's config: `${libDir}/procform/managers/runit`. */
  readonly managerDir: string;
  /** The directory runsvdir scans: one writable service directory per instance. */
  readonly scanDir: string;
  /** Service directories are assembled here, then renamed into the scan directory. */
  readonly stagingDir: string;
  /** Removed service directories wait here until their runsv has exited. */
  readonly trashDir: string;
  readonly runtimeDir: string;
  readonly pidFile: string;
  readonly logDir: string;
  /** runsvdir's own output (and runsv's complaints). */
  readonly managerLog: string;
}

/** The paths of the manager instance for these settings. */
export const runitPaths = (settings: Pick<BuildSettings, 'libDir' | 'runtimeDir' | 'logDir'>): RunitPaths => {
  const managerDir = `${settings.libDir}/procform/managers/runit`;
  const runtimeDir = `${settings.runtimeDir}/procform/runit`;
  const logDir = `${settings.logDir}/procform/runit`;
  return {
    managerDir,
    scanDir: `${managerDir}/service`,
    stagingDir: `${managerDir}/staging`,
    trashDir: `${managerDir}/trash`,
    runtimeDir,
    pidFile: `${runtimeDir}/runsvdir.pid`,
    logDir,
    managerLog: `${managerDir}/runsvdir.log`,
  };
};

/** The service directory of an instance inside the scan directory. */
export const serviceDirOf = (settings: Pick<BuildSettings, 'libDir' | 'runtimeDir' | 'logDir'>, instance: string): string =>
  `${runitPaths(settings).scanDir}/${instance}`;
