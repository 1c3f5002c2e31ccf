/**
 * What `procform status`, `logs` and `start|stop|restart` see of a deployment made through
 * an activator. The shape is the embedded supervisor's (`SupervisorStatus`), widened where
 * a manager knows less: a field it cannot tell is null, and the deployment names those
 * fields, so null there means "unknown" rather than "none".
 * @module
 */

/**
 * Where a process is in its life; the transitions are the table in state-machine.ts.
 * - `down`: not running, not wanted.
 * - `waiting`: wanted, waiting for its dependencies to be ready.
 * - `starting`: `initialize` or the process runs, readiness not reached yet.
 * - `ready`: up and ready (immediately after spawn when no readiness is declared).
 * - `stopping`: stop signal sent, waiting for the process group to exit.
 * - `backoff`: exited, waiting to be restarted.
 * - `exited`: ended and not restarted (a oneshot that succeeded, or policy "no").
 * - `failed`: gave up: too many restarts, readiness timeout, or a oneshot that failed.
 */
export type ProcessState = 'down' | 'waiting' | 'starting' | 'ready' | 'stopping' | 'backoff' | 'exited' | 'failed';

/** How a process last ended. */
export interface ExitInfo {
  /** Exit status, or null when a signal ended it. */
  readonly code: number | null;
  readonly signal: string | null;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

/** One line of a process's output. */
export interface LogLine {
  readonly instance: string;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/**
 * A process's state as a manager reports it: the embedded supervisor's states, plus
 * `running` (up, but the manager cannot tell whether it is ready: a readiness probe that
 * only procform runs, during a switch) and `unknown` (the manager reports a state procform
 * does not recognise, or none).
 */
export type DeployedState = ProcessState | 'running' | 'unknown';

/** The fields of a process's status that a manager may be unable to tell. */
export type StatusField = 'pid' | 'since' | 'restarts' | 'ready' | 'lastExit';

/** How a process last ended; `at` is null when the manager does not say when. */
export type DeployedExit = Omit<ExitInfo, 'at'> & { readonly at: number | null };

/** One process of a deployment, as `procform status` shows it. */
export interface DeployedProcessStatus {
  readonly instance: string;
  readonly name: string;
  readonly state: DeployedState;
  readonly pid: number | null;
  /** Milliseconds since the epoch when the current run started; null when it is not running, or the manager cannot tell. */
  readonly since: number | null;
  /** Restarts the manager made on its own (the current run of failures), or null when it does not count them. */
  readonly restarts: number | null;
  /** Whether the process is ready, or null when the manager cannot tell. */
  readonly ready: boolean | null;
  readonly lastExit: DeployedExit | null;
  /** Store entry of the process's record. */
  readonly entry: string;
  /** Why the process is `failed` (or down when it should not be), else null. */
  readonly reason: string | null;
  /** The last lines of its output when it has failed, else empty. */
  readonly lastLines: readonly string[];
  /** For a manager that runs copies of a process (Swarm): how many run, of how many wanted. */
  readonly replicas?: { readonly running: number; readonly desired: number };
  /** For a manager that keeps its tasks' history (Swarm): their states, newest first, such as "running" or "failed: …". */
  readonly tasks?: readonly string[];
}

/** What an activator reports about the deployment of one generation. */
export interface DeploymentStatus {
  /** Pid of the manager's daemon, or null when there is none (sysvinit, an engine without a daemon). */
  readonly pid: number | null;
  /** Every process of the generation, in its start order. */
  readonly processes: readonly DeployedProcessStatus[];
  /** Fields this manager can never tell: in them, null means unknown. */
  readonly unknown: readonly StatusField[];
  /** What the manager reports as failing, when it reports such things. */
  readonly faults?: readonly ManagerFault[];
}

/**
 * A condition a manager works around but cannot remedy, such as a disk too full for its
 * state file or a log: it keeps supervising and keeps trying, and says so here.
 */
export interface ManagerFault {
  /** What fails and what that means, e.g. "cannot write the state file …: ENOSPC …". */
  readonly message: string;
  /** Milliseconds since the epoch when it began. */
  readonly since: number;
}

/** How much of the logs to show. */
export interface LogOptions {
  /** Lines of history per process. */
  readonly lines: number;
  /** Keep printing new lines until `signal` fires. */
  readonly follow: boolean;
  readonly signal?: AbortSignal;
}

/** Receives each line of output, as it is read. */
export type LogSink = (line: LogLine) => void;

/** The operations an activator may offer besides switching (`enable` is `switch --enable`). */
export type Operation = 'status' | 'logs' | 'control' | 'enable';
