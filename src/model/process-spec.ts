/**
 * A managed process after normalization: every default applied, every value in its
 * canonical form. Backends and the store only ever see this shape.
 * @module
 */
import type { Readiness } from './readiness.js';
import type { Restart } from './restart.js';
import type { StateDir } from './state-dir.js';
import type { Overrides } from './overrides.js';
import type { DeclaredInput } from './inputs/declared.js';
import type { SecretsSpec } from './secret.js';

/** A user to create, after ids and user-change settings are applied. */
export interface UserEntry {
  readonly uid: number | null;
  readonly group: string | null;
  readonly extraGroups: readonly string[];
  readonly description: string | null;
  readonly homeDir: string | null;
  readonly createHomeDir: boolean;
  readonly shell: string | null;
  /** Only create the home directory (user change is disabled, so no account is made). */
  readonly createHomeDirOnly: boolean;
}

/** A group to create. */
export interface GroupEntry {
  readonly gid: number | null;
}

/** Users and groups after normalization, sorted by name. */
export interface CredentialsSpec {
  readonly users: Readonly<Record<string, UserEntry>>;
  readonly groups: Readonly<Record<string, GroupEntry>>;
}

/** The normalized description of one managed process. */
export interface ProcessSpec {
  /** Key of the instance in the processes model. */
  readonly instance: string;
  readonly name: string;
  readonly instanceName: string;
  readonly description: string;
  readonly initialize: string;
  /** Foreground executable, or null when the process only has a daemon mode. */
  readonly foregroundProcess: string | null;
  readonly foregroundProcessArgs: readonly string[];
  /** Daemon executable, or null when the process only has a foreground mode. */
  readonly daemon: string | null;
  readonly daemonArgs: readonly string[];
  readonly pidFile: string;
  /** Where output goes when a manager has no log capture of its own. */
  readonly logFile: string;
  readonly path: readonly string[];
  /** Environment, values as strings, PATH included when `path` is set. */
  readonly environment: Readonly<Record<string, string>>;
  /** Environment values kept out of the store, delivered at switch time; absent when none. */
  readonly secrets?: SecretsSpec;
  readonly directory: string | null;
  readonly umask: string | null;
  readonly nice: number | null;
  /** User to run as; null when none is set or user change is disabled. */
  readonly user: string | null;
  /** Primary group of `user`, when the model declares it. */
  readonly group: string | null;
  /** Instance names of the dependencies, in declaration order, without duplicates. */
  readonly dependencies: readonly string[];
  readonly credentials: CredentialsSpec;
  readonly overrides: Overrides;
  readonly postInstall: string;
  readonly type: 'longrun' | 'oneshot';
  readonly readiness: Readiness | null;
  readonly restart: Restart;
  readonly stopSignal: string;
  readonly stopTimeout: number;
  /** Seconds a switch waits for the process to come up. */
  readonly startTimeout: number;
  readonly stateDirs: readonly StateDir[];
  readonly stateVersion: string | null;
  /** What provides the executables, for the error when they are missing. */
  readonly providedBy?: string;
  /** Declared inputs: absolute paths in declaration order, each with its ignore list. */
  readonly inputs: readonly DeclaredInput[];
}
