/**
 * What a test receives: the deployment under test and the helpers tests need — waiting for
 * ports, HTTP answers and log lines, running commands (as an instance's user), HTTP
 * requests, what /proc says of a process, and assertions.
 * @module
 */
import type * as nodeAssert from 'node:assert/strict';

/** The outcome of a command a test ran. */
export interface CommandResult {
  /** Exit status, or null when a signal ended it. */
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** How a test runs a command. */
export interface RunOptions {
  /** Run as this account (needs root). In an instance's test, `true` means the instance's user. @default the tester */
  readonly user?: string | true;
  /** Text on the command's stdin. @default none */
  readonly input?: string;
  /** Seconds before the command is killed and the run fails. @default 60 */
  readonly timeout?: number;
  /** Extra environment variables. @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory. @default the tester's */
  readonly cwd?: string;
}

/** An HTTP answer. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** An HTTP request's settings. */
export interface HttpOptions {
  /** @default "GET" */
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Seconds before the request fails. @default 10 */
  readonly timeout?: number;
}

/** What a `waitFor…` waits for at most. */
export interface WaitOptions {
  /** Seconds. @default the check's own timeout */
  readonly timeout?: number;
}

/** What the kernel says of a running process (from /proc). */
export interface ProcessFacts {
  readonly pid: number;
  /** The account it runs as (its name, or the uid as text when it has none). */
  readonly user: string;
  readonly group: string;
  readonly uid: number;
  readonly gid: number;
  /** The file creation mask, as octal text such as "0022". */
  readonly umask: string;
  /** Its environment. */
  readonly environment: Readonly<Record<string, string>>;
  /** Its working directory. */
  readonly cwd: string;
  /** Its command line. */
  readonly argv: readonly string[];
  readonly nice: number;
}

/**
 * node's strict assertions, as plain functions: TypeScript allows an assertion signature
 * only on a name declared with an explicit type, which a check's `t` parameter is not.
 */
export type Assertions = {
  readonly [K in keyof typeof nodeAssert]: (typeof nodeAssert)[K] extends (...args: infer A) => infer R
    ? (...args: A) => R extends Promise<unknown> ? R : void
    : (typeof nodeAssert)[K];
};

/** What every check receives: the deployment under test and the helpers. */
export interface TestContext {
  /** The process manager the model is deployed on. */
  readonly backend: string;
  /** `privileged` (root, processes run as their own users) or `unprivileged` (no user change). */
  readonly profile: 'privileged' | 'unprivileged';
  /** Every instance of the deployed model. */
  readonly instances: readonly string[];
  /** The sandbox's state directory (its runtime and log directories lie below it). */
  readonly stateDir: string;
  /** The model's `--extra-params`. */
  readonly extraParams: Readonly<Record<string, unknown>>;
  /** node's strict assertions: their messages show what differed. */
  readonly assert: Assertions;
  /** Runs a command (argv, or a shell command line when a string); never throws for a non-zero exit. */
  run(command: string | readonly string[], options?: RunOptions): Promise<CommandResult>;
  /** Runs a command and returns its stdout; throws, with its output, when it does not exit 0. */
  succeed(command: string | readonly string[], options?: RunOptions): Promise<string>;
  /** An HTTP request (http: and https: URLs). */
  http(url: string, options?: HttpOptions): Promise<HttpAnswer>;
  /** Waits until something accepts TCP connections on `port` (at `host`, localhost by default). */
  waitForPort(port: number, options?: WaitOptions & { readonly host?: string }): Promise<void>;
  /** Waits until `url` answers with `status` (2xx by default) and, when given, a body that `matches` (contains the text, or matches the pattern). */
  waitForHttp(url: string, options?: WaitOptions & HttpOptions & { readonly status?: number; readonly matches?: string | RegExp }): Promise<HttpAnswer>;
  /** Waits until `check` returns something other than undefined, false or null, and returns it; its last error says why not. */
  waitFor<T>(what: string, check: () => T | Promise<T>, options?: WaitOptions): Promise<NonNullable<T>>;
  /** Waits until a line of `instance`'s output matches `pattern`; returns the line. */
  waitForLog(instance: string, pattern: string | RegExp, options?: WaitOptions): Promise<string>;
  /** The last `lines` lines of `instance`'s output, as its manager keeps them. */
  logs(instance: string, lines?: number): Promise<string[]>;
  /** What /proc says of `instance`'s main process; fails when it does not run. */
  process(instance: string): Promise<ProcessFacts>;
  /** Adds a line to the report of this check. */
  note(text: string): void;
}

/** What a check of one instance receives. */
export interface InstanceTestContext extends TestContext {
  /** The instance under test. */
  readonly instance: string;
  /** The instance's `port` in the model, or null. */
  readonly port: number | null;
  /** The account the process runs as in this profile, or null when it runs as the tester. */
  readonly user: string | null;
  /** What /proc says of this instance's main process. */
  facts(): Promise<ProcessFacts>;
}
