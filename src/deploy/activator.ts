/**
 * The I/O half of a backend's contract: deploying generations to a running manager,
 * reporting on them, and running the manager itself.
 * @module
 */
import type { BuildSettings } from '../generation/settings.js';
import type { Plan, PlanUnit } from './plan-types.js';
import type { ControlVerb } from './control-plan.js';
import type { DeploymentStatus, LogOptions, LogSink, ManagerFault, Operation } from './observation.js';
import type { ControlError } from '../errors.js';

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
  /**
   * The switch's `--timeout`, which `deadlines` already holds, for a manager that works the
   * deadlines out itself from the generation it is given (procform's supervisor).
   */
  readonly timeout?: number;
}

/** What went wrong while applying a plan; empty when everything came up. */
export interface ActivationResult {
  readonly failed: readonly { readonly instance: string; readonly reason: string }[];
  /**
   * Set by a manager that goes back to the previous generation itself when a start fails
   * (procform's supervisor): whether that worked. The deployer then applies no way back of
   * its own.
   */
  readonly rolledBack?: boolean;
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
   * `switch --enable` / `--no-enable`: makes the deployment start (or not) when the machine
   * boots, for managers that start at boot on their own (systemd).
   */
  enable?(settings: BuildSettings, enable: boolean): Promise<void>;
  /**
   * Operations this manager cannot offer, each with what to use instead (shown by the CLI
   * after "procform <command> is not available for <backend>: "); `manager` for a backend
   * without a daemon for `procform manager` to run.
   */
  readonly unavailable?: Partial<Readonly<Record<Operation | 'manager', string>>>;
}

/** Running the manager itself as an unprivileged-style instance under the state dir. */
export interface ManagerControl {
  start(settings: BuildSettings): Promise<void>;
  stop(settings: BuildSettings): Promise<void>;
  isRunning(settings: BuildSettings): Promise<boolean>;
  /**
   * A switch or rollback starts the manager itself when it is not running (procform's
   * supervisor daemon), instead of asking for `procform manager start`. @default false
   */
  readonly startsOnDemand?: boolean;
  /**
   * The generation the manager runs now, or brings up while it runs none yet (null: none,
   * or the manager does not run), for a manager that knows it itself. A switch then plans from it and checks state versions
   * against it, and it is the deployment `status`, `logs` and `start|stop|restart` act on,
   * rather than the profile's current generation: procform's supervisor may run one that
   * no profile holds (`procform up`), or nothing after `procform down`.
   */
  deployed?(settings: BuildSettings): Promise<string | null>;
  /**
   * For a manager that carries a switch out on its own once it is handed the generation
   * (procform's supervisor goes on when the procform that asked is killed): the generation
   * it runs once no switch is under way, waiting for one to end when `wait`; undefined when
   * one is and `wait` is false; null when it runs none or does not run. A switch whose
   * procform was killed is then recorded as this manager ended it, not undone.
   */
  settled?(settings: BuildSettings, wait: boolean): Promise<string | null | undefined>;
  /** What the manager reports as failing now, though it goes on (a full disk); none when it does not run. */
  faults?(settings: BuildSettings): Promise<readonly ManagerFault[]>;
  /**
   * When the manager does not run: what it left behind when it ended without stopping its
   * processes, as the error to report; null when nothing is left.
   */
  leftBehind?(settings: BuildSettings): ControlError | null;
}
