/**
 * The one control interface of the embedded supervisor. The in-process supervisor
 * (`procform up`) and the socket client of the daemon both implement it, so every CLI
 * command works the same against either.
 * @module
 */
import type { ActivationEvents } from '../../deploy/activator.js';
import type { ExitInfo, LogLine, ManagerFault, ProcessState } from '../../deploy/observation.js';

/** What `procform status` shows for one process. */
export interface ProcessStatus {
  readonly instance: string;
  readonly name: string;
  readonly state: ProcessState;
  readonly pid: number | null;
  /** Milliseconds since the epoch when the current run started, or null. */
  readonly since: number | null;
  /** Restarts since the supervisor started it (manual restarts not counted). */
  readonly restarts: number;
  readonly ready: boolean;
  readonly lastExit: ExitInfo | null;
  /** Store entry of the process's record, its identity for switches. */
  readonly entry: string;
  /** Why the process is `failed` (or did not start), else null. */
  readonly reason: string | null;
  /** The last lines of output when the process has failed, else empty. */
  readonly lastLines: readonly string[];
}

/** The supervisor as a whole. */
export interface SupervisorStatus {
  readonly pid: number;
  /** Generation store path being run, or null when nothing is deployed. */
  readonly generation: string | null;
  /**
   * The generation a switch is bringing up, while it does; absent otherwise, and from
   * supervisors older than this field.
   */
  readonly applying?: string;
  readonly processes: readonly ProcessStatus[];
  /** What is failing now; empty when all is well. Missing from supervisors older than this field. */
  readonly faults?: readonly ManagerFault[];
}

/** Result of applying a generation. */
export interface ApplyResult {
  readonly generation: string | null;
  readonly stopped: readonly string[];
  readonly started: readonly string[];
  readonly kept: readonly string[];
  /** Instances that failed to start or become ready; empty on success. */
  readonly failed: readonly { readonly instance: string; readonly reason: string }[];
  /** True when a failure made the supervisor return to the previous generation. */
  readonly rolledBack: boolean;
}

/** How a switch runs. */
export interface ApplyOptions {
  /** Seconds every started process may take to come up, instead of its own `startTimeout`. */
  readonly timeout?: number;
  /** Hears of every stop and start as it finishes, of processes still awaited, and of the way back. */
  readonly events?: ActivationEvents;
}

/** The control operations. Every method rejects with a `ControlError` on bad input. */
export interface SupervisorControl {
  status(): Promise<SupervisorStatus>;
  start(instances: readonly string[]): Promise<void>;
  stop(instances: readonly string[]): Promise<void>;
  restart(instances: readonly string[]): Promise<void>;
  /**
   * Runs a generation (store path), or none (`null`, undeploy), with minimal restarts;
   * returns to the previous one when a process does not come up in time.
   */
  apply(generation: string | null, options?: ApplyOptions): Promise<ApplyResult>;
  /** Last `lines` lines of one or all processes, then new ones while `follow` until aborted. */
  logs(instance: string | null, options: { lines: number; follow: boolean; signal?: AbortSignal }, onLine: (line: LogLine) => void): Promise<void>;
  /** Stops every process, then the supervisor. */
  shutdown(): Promise<void>;
}
