/**
 * The contract every backend implements: translate a normalized process into a typed
 * record, render the record into files. Both steps are pure; activation (deploying files
 * to a running manager) is the activator's contract (activator.ts). The deployer owns both
 * contracts, so the backends that implement them sit above it.
 * @module
 */
import type { BackendName } from '../model/overrides.js';
import type { Placement } from '../model/params.js';
import type { ProcessSpec } from '../model/process-spec.js';
import type { FileSet } from '../store/file-set.js';
import type { BackendOptions, BuildSettings } from '../generation/settings.js';
import type { BackendOptionSpecs } from './backend-options.js';
import type { Activator, ManagerControl } from './activator.js';
import type { HostPath } from '../model/inputs/collect.js';
import type { RecordFile } from './record-file.js';
import type { Support } from './support.js';

/** What a backend knows while rendering one process. */
export interface RenderContext {
  readonly settings: BuildSettings;
  /** This entry's own store path, valid inside the rendered files (hash modulo self-reference). */
  readonly self: string;
  /** Store path of the entry of an instance this process depends on. */
  readonly entryOf: (instance: string) => string;
  /**
   * The instance's metadata from the model (`port`, `dnsName`, …, as plain JSON). Backends
   * that publish ports (docker, Kubernetes) read `port` here.
   */
  readonly metadata: Readonly<Record<string, unknown>>;
  /**
   * Paths of the build machine the process names, which exist there: its declared inputs,
   * its absolute arguments and its working directory. Backends that run processes
   * elsewhere (docker) make them visible. @default []
   */
  readonly hostPaths?: readonly HostPath[];
}

/**
 * The features the render conformance suite (test/conformance/render.test.ts) puts to
 * every backend and a backend may be unable to carry: it refuses them at build time, or
 * its files leave them out. A value kind (`argument-…`, `environment-…`) is one of the
 * hostile values: a line break (`\n` or `\r`), the empty string, a value of thousands of
 * characters, a control character other than tab and the line breaks.
 */
export const LIMITATION_IDS = [
  'argument-line-break', 'argument-empty', 'argument-long', 'argument-control-character',
  'environment-line-break', 'environment-empty', 'environment-long', 'environment-control-character',
  'readiness-notify', 'dependencies', 'user-change', 'daemon-only', 'oneshot', 'stop-signal',
] as const;

/** One of {@link LIMITATION_IDS}. */
export type LimitationId = (typeof LIMITATION_IDS)[number];

/** A feature a backend cannot express, and why. */
export interface Limitation {
  /** The conformance check this limitation excuses, when it is one; the suite fails a declared id the backend carries after all. */
  readonly id?: LimitationId;
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
  /** How far procform's tests take it on this machine, in a few words, for the README. */
  readonly tested: string;
  /**
   * Why this backend cannot deploy on this machine (its manager is not installed, it is
   * another operating system's, it needs a cluster), with what would make it possible;
   * null when it can. `procform test` shows the reason instead of running the backend.
   * Absent: it can wherever procform runs.
   */
  readonly cannotRunHere?: () => string | null;
  /**
   * The command line that runs `argv` (a `procform test` cell) next to a manager of its own
   * that the cell cannot start itself (systemd's user manager, which needs a cgroup and
   * namespaces of its own); `stateDir` is for the sandbox's own files. Absent: the cell runs
   * as a plain child process.
   */
  readonly testSandbox?: (argv: readonly string[], stateDir: string) => readonly string[];
  /** How it does each feature of the README's support tables; absent for a backend documented elsewhere. */
  readonly support?: Support;
  /**
   * The file in each entry that keeps the record (or the part of it the activator needs)
   * for whoever reads the entry back, and its shape; absent when no one file does.
   */
  readonly recordFile?: RecordFile<unknown>;
  /** Deployment-wide options (`-o key=value`); none when absent. */
  readonly options?: BackendOptionSpecs;
  /**
   * The host name under which `instance` is reachable from the other processes (the model's
   * `params.serviceHost`); "localhost" when absent.
   */
  serviceHost?(instance: string, options: BackendOptions): string;
  /** Where the processes run (the model's `params.placement`); one machine when absent. */
  readonly placement?: Placement;
  /** Store entry name of a process's rendered files. */
  readonly entryName: (spec: ProcessSpec) => string;
  /**
   * Where the digest of the process's inputs goes in its entry, when the default
   * (`inputs.json`) would mean something to the manager or collide with another entry's.
   */
  readonly inputsPath?: (spec: ProcessSpec) => string;
  /** The backend's native record for one process, before overrides. */
  // Method syntax keeps the record parameter bivariant, so any backend fits `Backend`.
  translate(spec: ProcessSpec, context: RenderContext): R;
  /** Serializes a record (after overrides) into files. */
  render(record: R, spec: ProcessSpec, context: RenderContext): FileSet;
  /**
   * Whether a deployment needs the users and groups of its processes on this machine;
   * false where they run elsewhere by numeric id (a cluster's nodes). @default true
   */
  readonly localAccounts?: boolean;
  /**
   * procform's own supervisor runs the generations, in procform's process (`procform up`,
   * an image's main process) or as its daemon, rather than a manager of the backend's own.
   * @default false
   */
  readonly supervisedByProcform?: boolean;
  /** Deploys generations to the manager; absent for backends that only generate files. */
  readonly activator?: Activator;
  /** Starts and stops the manager itself (`procform manager start|stop`), when it has a daemon. */
  readonly manager?: ManagerControl;
}
