/**
 * The contract every backend implements: translate a normalized process into a typed
 * record, render the record into files. Both steps are pure; activation (deploying files
 * to a running manager) is added by the deployer's contract.
 * @module
 */
import type { BackendName } from '../model/overrides.js';
import type { ProcessSpec } from '../model/process-spec.js';
import type { ProcessParams } from '../model/params.js';
import type { FileSet } from '../store/file-set.js';

/** The directory family and settings a generation was built with. */
export type BuildSettings = Pick<
  ProcessParams,
  'stateDir' | 'runtimeDir' | 'logDir' | 'tmpDir' | 'cacheDir' | 'spoolDir' | 'lockDir' | 'libDir' | 'storeDir' | 'forceDisableUserChange'
>;

/** What a backend knows while rendering one process. */
export interface RenderContext {
  readonly settings: BuildSettings;
  /** This entry's own store path, valid inside the rendered files (hash modulo self-reference). */
  readonly self: string;
  /** Store path of the entry of an instance this process depends on. */
  readonly entryOf: (instance: string) => string;
}

/** A feature a backend cannot express, and why. */
export interface Limitation {
  readonly feature: string;
  readonly reason: string;
}

/** A backend: one folder under src/backends with translate, render (and later activate). */
export interface Backend<R = unknown> {
  readonly name: BackendName;
  /** One line for `--help` and the README's support table. */
  readonly summary: string;
  /** Features of the model this backend cannot express. */
  readonly limitations: readonly Limitation[];
  /** Store entry name of a process's rendered files. */
  readonly entryName: (spec: ProcessSpec) => string;
  /** The backend's native record for one process, before overrides. */
  // Method syntax keeps the record parameter bivariant, so any backend fits `Backend`.
  translate(spec: ProcessSpec, context: RenderContext): R;
  /** Serializes a record (after overrides) into files. */
  render(record: R, spec: ProcessSpec, context: RenderContext): FileSet;
}
