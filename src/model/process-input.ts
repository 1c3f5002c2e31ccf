/**
 * The process-manager-agnostic description of one managed process, as a user writes it.
 * Field names and defaulting rules follow nix-processmgmt's `createManagedProcess`; the
 * readiness, restart, stop, state-directory and state-version fields are procform additions.
 * @module
 */
import type { Credentials } from './credentials.js';
import type { Overrides } from './overrides.js';
import type { ReadinessInput } from './readiness.js';
import type { RestartInput } from './restart.js';
import type { StateDirInput } from './state-dir.js';
import type { ManagedProcess } from './managed-process.js';
import type { InputDeclaration, InputPath } from './inputs/declared.js';
import type { Secret } from './secret.js';

/**
 * A value allowed in `environment`; numbers and booleans are turned into strings. A
 * `Secret` (`secret.file(…)`, `secret.env(…)`) is read at switch time and never written
 * into the store.
 */
export type EnvValue = string | number | boolean | Secret;

/** A dependency: another managed process of the model, or the name of its instance. */
export type Dependency = ManagedProcess | string;

/** Everything `createManagedProcess` accepts. Every field is optional; see each for its default. */
export interface ManagedProcessInput {
  /**
   * Identifier of the process, used for store entries, unit and file names.
   * @default instanceName, else the key of the instance in the processes model
   */
  readonly name?: string;
  /** Human-readable description. @default name */
  readonly description?: string;
  /**
   * Shell code run before the process starts, as root when the process has a `user`
   * (and user change is enabled), for example to create files it needs.
   * @default ""
   */
  readonly initialize?: string;
  /**
   * An executable that can run either in the foreground or as a daemon; seeds `daemon` and
   * `foregroundProcess`.
   * @default none: `foregroundProcess` or `daemon` is then required
   */
  readonly process?: string;
  /** Arguments common to both modes. @default [] */
  readonly args?: readonly string[];
  /** Executable for daemon mode: it forks and writes `pidFile`. @default process */
  readonly daemon?: string;
  /** Full argument list in daemon mode. @default [...args, ...daemonExtraArgs] */
  readonly daemonArgs?: readonly string[];
  /** Appended to `args` in daemon mode. @default [] */
  readonly daemonExtraArgs?: readonly string[];
  /** Executable for foreground mode. @default process */
  readonly foregroundProcess?: string;
  /** Full argument list in foreground mode. @default [...args, ...foregroundProcessExtraArgs] */
  readonly foregroundProcessArgs?: readonly string[];
  /** Appended to `args` in foreground mode, e.g. nginx's `-g "daemon off;"`. @default [] */
  readonly foregroundProcessExtraArgs?: readonly string[];
  /** Unique instance id; drives the default pid file and log file names. @default name */
  readonly instanceName?: string;
  /**
   * PID file written by the daemon.
   * @default `${runtimeDir}/${instanceName}.pid`, or `${tmpDir}/…` when `user` is set
   */
  readonly pidFile?: string;
  /** Directories put in front of the system PATH (the user's `environment.PATH` wins). @default [] */
  readonly path?: readonly string[];
  /**
   * Environment variables. Everything here is written into the store, which every local
   * user can read, except values made with `secret.file` or `secret.env`.
   * @default {}
   */
  readonly environment?: Readonly<Record<string, EnvValue>>;
  /**
   * Dotenv files whose variables are added to `environment`, read when the model is built:
   * a changed file restarts the process on the next switch. `environment` wins over a
   * file, a later file over an earlier one. Paths as in `inputs`. The values are written
   * into the store, which every local user can read: no secrets here.
   * @default []
   */
  readonly envFiles?: readonly InputPath[];
  /** Absolute working directory. @default the manager's default */
  readonly directory?: string;
  /** File-creation mask as an octal string such as `"0022"`. @default the manager's own */
  readonly umask?: string;
  /** Scheduling priority, -20 (highest) to 19. @default the manager's own */
  readonly nice?: number;
  /** User to run as; ignored when user change is disabled. @default the user the manager runs as */
  readonly user?: string;
  /** Processes that must be running (and ready) before this one starts. @default [] */
  readonly dependencies?: readonly Dependency[];
  /** Users and groups this process needs; created before it starts. @default {} */
  readonly credentials?: Credentials;
  /** Per-backend escape hatch: a deep-merged object, or a function of the generated record. @default {} */
  readonly overrides?: Overrides;
  /** Shell commands run in the new store entry (`$out`) after its files are written. @default "" */
  readonly postInstall?: string;
  /** How a supervisor knows the process is ready to serve. @default started means ready */
  readonly readiness?: ReadinessInput;
  /**
   * `longrun` keeps running and is supervised; `oneshot` runs to completion, and its
   * dependents start once it has exited successfully.
   * @default "longrun"
   */
  readonly type?: 'longrun' | 'oneshot';
  /**
   * Restart policy: a policy name, or the policy with its limit and backoff.
   * @default `"always"` (`"on-failure"` for a oneshot), at most 10 restarts in a row, backoff from 1 s doubling up to 30 s
   */
  readonly restart?: RestartInput;
  /** Signal sent to stop the process, without the `SIG` prefix. @default "TERM" */
  readonly stopSignal?: string;
  /** Seconds to wait after `stopSignal` before SIGKILL. @default 10 */
  readonly stopTimeout?: number;
  /**
   * Seconds a switch waits for this process to come up (ready; for a oneshot, finished),
   * counted from its first start and across restarts, before it gives up and returns to
   * the previous generation. `switch --timeout` overrides it for one switch.
   * @default 120, or the readiness timeout when that is longer
   */
  readonly startTimeout?: number;
  /** Directories created before start, owned by the process's user. @default [] */
  readonly stateDirs?: readonly StateDirInput[];
  /**
   * Version of the process's on-disk state; a switch to another version is refused
   * unless a migration is confirmed.
   * @default none: no switch is refused for the state's sake
   */
  readonly stateVersion?: string | number;
  /**
   * Files and directories whose content is part of the process, such as its code: a
   * changed one restarts the process on the next switch (and its dependents). Absolute
   * paths, `file:` URLs (`new URL('./app', import.meta.url)`) or paths relative to the
   * model file's directory. The docker backend mounts them read-only.
   * @default []
   */
  readonly inputs?: readonly InputDeclaration[];
  /**
   * What provides `foregroundProcess` and `daemon` on a machine that lacks them, such as
   * the Debian package `postgresql-15`; named in the error when they are missing. It
   * changes no generated file.
   * @default none
   */
  readonly providedBy?: string;
}
