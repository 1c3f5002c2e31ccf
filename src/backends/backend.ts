/**
 * The contract every backend implements: translate a normalized process into a typed
 * record, render the record into files. Both steps are pure; activation (deploying files
 * to a running manager) is added by the deployer's contract.
 * @module
 */
import type { BackendName } from '../model/overrides.js';
import type { ProcessSpec } from '../model/process-spec.js';
import type { ProcessParams } from '../model/params.js';
import type { Plan, PlanUnit } from '../deploy/plan-types.js';
import type { FileSet } from '../store/file-set.js';
import type { BackendOptions, BackendOptionSpecs } from './options.js';
import type { HostPath } from '../model/inputs/collect.js';
import type { RecordFile } from './record-file.js';
import type { Support } from './support.js';
import type { ControlVerb, DeploymentStatus, LogOptions, LogSink, Operation } from './observation.js';

/** The directory family and settings a generation was built with. */
export type BuildSettings = Pick<
  ProcessParams,
  'stateDir' | 'runtimeDir' | 'logDir' | 'tmpDir' | 'cacheDir' | 'spoolDir' | 'lockDir' | 'libDir' | 'storeDir' | 'forceDisableUserChange'
> & {
  /** The backend's options, every declared one present; absent for backends without options. */
  readonly backendOptions?: BackendOptions;
};

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
  /** How far procform's tests take it on this machine, in a few words, for the README. */
  readonly tested: string;
  /** How it does each feature of the README's support tables; absent for a backend documented elsewhere. */
  readonly support?: Support;
  /** Deployment-wide options (`-o key=value`); none when absent. */
  readonly options?: BackendOptionSpecs;
  /**
   * The host name under which `instance` is reachable from the other processes (the model's
   * `params.serviceHost`); "localhost" when absent.
   */
  serviceHost?(instance: string, options: BackendOptions): string;
  /**
   * The file in each entry that keeps the record (or the part of it the activator needs)
   * for whoever reads the entry back, and its shape; absent when no one file does (s6-rc's
   * source directories are read by s6-rc-compile).
   */
  readonly recordFile?: RecordFile<unknown>;
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
  /** Deploys generations to the manager; absent for backends that only generate files. */
  readonly activator?: Activator;
  /** Starts and stops the manager itself (`procform manager start|stop`), when it has a daemon. */
  readonly manager?: ManagerControl;
}

/** A generation as an activator sees it. */
export interface ActivationGeneration {
  /** The generation's store path. */
  readonly path: string;
  /** Processes in start order; `entry` is the process's rendered entry for this backend. */
  readonly units: readonly PlanUnit[];
  readonly settings: BuildSettings;
}

/** One process started or stopped (or not) while a plan is applied. */
export interface ActivationStep {
  readonly kind: 'start' | 'stop';
  readonly instance: string;
  /** null when it worked, otherwise why not. */
  readonly reason: string | null;
  /** How long it took, in ms (0 for a process not even tried). */
  readonly ms: number;
}

/** Progress of a switch as it happens, for a user watching a long one. */
export interface ActivationEvents {
  /** After each process's start or stop, in the order they finish. */
  readonly step?: (step: ActivationStep) => void;
  /** A phase of the switch, such as going back to the previous generation. */
  readonly note?: (text: string) => void;
}

/** How an activator carries a plan out: who hears of it, and how long each start may take. */
export interface ActivationOptions extends ActivationEvents {
  /**
   * Seconds each started process may take to come up (its `startTimeout`, or the switch's
   * `--timeout`); a start still going at its deadline fails, and the switch goes back.
   */
  readonly deadlines?: ReadonlyMap<string, number>;
}

/** What went wrong while applying a plan; empty when everything came up. */
export interface ActivationResult {
  readonly failed: readonly { readonly instance: string; readonly reason: string }[];
}

/**
 * The I/O half of a backend: deploying generations to a running instance of the manager.
 * The deployer computes the plan (minimal restarts by entry hash) and handles rollback;
 * the activator carries a plan out.
 */
export interface Activator {
  /** Instances the manager runs now, for planning. */
  running(settings: BuildSettings): Promise<ReadonlySet<string>>;
  /**
   * Stops `plan.stop` in order (they belong to `previous`), makes the manager see exactly
   * `next`'s processes, then starts `plan.start` in order, each once its dependencies are
   * ready — waiting for readiness itself where the manager cannot. Each start and stop is
   * reported to `events` as it finishes.
   */
  apply(plan: Plan, previous: ActivationGeneration | null, next: ActivationGeneration | null, events?: ActivationOptions): Promise<ActivationResult>;
  /**
   * For managers a dry run must not need (a remote cluster): the command lines `apply`
   * would run for `plan`. When present, `switch --dry-run` plans as if `previous` ran as
   * recorded and prints these lines, without calling `running`.
   */
  describe?(plan: Plan, previous: ActivationGeneration | null, next: ActivationGeneration | null): readonly string[];
  /**
   * What the manager says about every process of `generation` (the deployed one), asked
   * with the manager's own tools. Absent when the manager cannot say (see `unavailable`).
   */
  status?(generation: ActivationGeneration): Promise<DeploymentStatus>;
  /**
   * The last `options.lines` lines of output of `instance` (every process when null), then,
   * with `follow`, new lines until `options.signal` fires. Throws `ControlError` for a name
   * the generation does not have.
   */
  logs?(generation: ActivationGeneration, instance: string | null, options: LogOptions, onLine: LogSink): Promise<void>;
  /**
   * `procform start|stop|restart NAME…` on the deployment of `generation`: start starts the
   * dependencies that are not running first; stop stops the running dependents first;
   * restart stops the running dependents, restarts the processes, then starts the
   * dependents again once what they depend on is ready. Each step goes to `events`.
   */
  control?(verb: ControlVerb, instances: readonly string[], generation: ActivationGeneration, events?: ActivationEvents): Promise<ActivationResult>;
  /**
   * Operations this manager cannot offer, each with what to use instead (shown by the CLI
   * after "procform <command> is not available for <backend>: ").
   */
  readonly unavailable?: Partial<Readonly<Record<Operation, string>>>;
}

/** Running the manager itself as an unprivileged-style instance under the state dir. */
export interface ManagerControl {
  start(settings: BuildSettings): Promise<void>;
  stop(settings: BuildSettings): Promise<void>;
  isRunning(settings: BuildSettings): Promise<boolean>;
}
