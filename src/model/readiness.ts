/**
 * Readiness: how a supervisor knows a started process can serve its dependents.
 * The original framework had none (tests slept or polled ports).
 * @module
 */

/** Settings every probe shares. */
export interface ProbeTiming {
  /** Seconds to wait for readiness before the start counts as failed. @default 60 */
  readonly timeout?: number;
  /** Seconds between two probe attempts. @default 0.25 */
  readonly interval?: number;
}

/** Ready once a TCP connection to the port succeeds. */
export interface TcpReadiness extends ProbeTiming {
  readonly kind: 'tcp';
  /** The port connected to. */
  readonly port: number;
  /** The address connected to. @default "127.0.0.1" */
  readonly host?: string;
}

/** Ready once an HTTP GET answers with an expected status. */
export interface HttpReadiness extends ProbeTiming {
  readonly kind: 'http';
  /** The port requested from. */
  readonly port: number;
  /** The path requested. @default "/" */
  readonly path?: string;
  /** The address requested from. @default "127.0.0.1" */
  readonly host?: string;
  /** Accepted status codes. @default any 2xx or 3xx */
  readonly status?: readonly number[];
}

/** Ready once a line of the process's output matches a pattern. */
export interface LogReadiness extends ProbeTiming {
  readonly kind: 'log';
  /** A regular expression (or its source) matched against each line written since the start. */
  readonly pattern: string | RegExp;
  /** The output watched. @default "both" */
  readonly stream?: 'stdout' | 'stderr' | 'both';
}

/** Ready once a command exits with status 0. */
export interface ExecReadiness extends ProbeTiming {
  readonly kind: 'exec';
  /** Exact argv of the check; no shell is involved. */
  readonly command: readonly string[];
}

/** Ready once the process writes a newline to file descriptor `fd` (the s6 protocol). */
export interface NotifyReadiness extends ProbeTiming {
  readonly kind: 'notify';
  /** The descriptor the process writes the newline to. @default 3 */
  readonly fd?: number;
}

/** Any readiness declaration. */
export type ReadinessInput = TcpReadiness | HttpReadiness | LogReadiness | ExecReadiness | NotifyReadiness;

/** Timing after normalization. */
interface Timing {
  readonly timeout: number;
  readonly interval: number;
}

/** Readiness after normalization: every default filled in, a log pattern as source and flags. */
export type Readiness =
  | ({ readonly kind: 'tcp'; readonly port: number; readonly host: string } & Timing)
  | ({ readonly kind: 'http'; readonly port: number; readonly path: string; readonly host: string; readonly status: readonly number[] } & Timing)
  | ({ readonly kind: 'log'; readonly pattern: { readonly source: string; readonly flags: string }; readonly stream: 'stdout' | 'stderr' | 'both' } & Timing)
  | ({ readonly kind: 'exec'; readonly command: readonly string[] } & Timing)
  | ({ readonly kind: 'notify'; readonly fd: number } & Timing);
