/**
 * The settings a generation records: the directory family it was built for and the
 * backend's options, so a deployment acts with the values its files were rendered with.
 * @module
 */
import type { ProcessParams } from '../model/params.js';

/** Option values by name, every declared option present. */
export type BackendOptions = Readonly<Record<string, string>>;

/** The directory family and settings a generation was built with. */
export type BuildSettings = Pick<
  ProcessParams,
  'stateDir' | 'runtimeDir' | 'logDir' | 'tmpDir' | 'cacheDir' | 'spoolDir' | 'lockDir' | 'libDir' | 'storeDir' | 'forceDisableUserChange'
> & {
  /** The backend's options, every declared one present; absent for backends without options. */
  readonly backendOptions?: BackendOptions;
};
