/**
 * The docker backend's record of one process: the container's create settings as data.
 * It is written to the entry as canonical JSON, so any change to it changes the entry's
 * hash and restarts exactly that container; the activator turns it into `docker create`
 * arguments and `procform compose` into a compose service.
 * @module
 */
import type { Readiness } from '../../model/readiness.js';
import type { StateDir } from '../../model/state-dir.js';

/** The record's file name inside the entry. */
export const RECORD_FILE = 'container.json';

/** A bind mount; the record keys mounts by their path inside the container. */
export interface DockerMount {
  /** Absolute path on the host. */
  readonly source: string;
  readonly readOnly: boolean;
}

/**
 * The accounts a container gets, with the ids the model declares (ids file), which compose
 * uses when this machine has no such account.
 */
export interface ContainerAccountNames {
  readonly users: readonly { readonly name: string; readonly uid: number | null; readonly group: string | null }[];
  readonly groups: readonly { readonly name: string; readonly gid: number | null }[];
}

/** A healthcheck for compose's `depends_on: condition: service_healthy`. */
export interface DockerHealthcheck {
  /** Exact argv run inside the container (compose `["CMD", …]`). */
  readonly command: readonly string[];
  readonly intervalSeconds: number;
  readonly retries: number;
}

/** The engine's restart policy. */
export interface DockerRestart {
  readonly policy: 'no' | 'on-failure' | 'always';
  /** Only with `on-failure`: restarts before the engine gives up (0: unlimited). */
  readonly maxRetries: number;
}

/** What the activator needs besides the create settings. */
export interface DockerActivation {
  readonly instance: string;
  readonly deployment: string;
  readonly type: 'longrun' | 'oneshot';
  /** Waited for by the activator before dependents start. */
  readonly readiness: Readiness | null;
  /** Created on the host, with owner and mode, before the container starts. */
  readonly stateDirs: readonly StateDir[];
  /**
   * Host directories made when missing (the daemon proxy's pid file directory); a mode is
   * applied only to a directory made here: 1777 when a user's daemon writes into it.
   */
  readonly directories: readonly { readonly path: string; readonly mode: string | null }[];
  readonly dependencies: readonly string[];
}

/** One container, keys named after the settings of `docker create`. */
export interface DockerContainer {
  readonly formatVersion: 1;
  /** Container name: `<deployment>-<process name>`. */
  readonly name: string;
  readonly image: string;
  /** Exact argv; the image's entrypoint is cleared so nothing is prepended. */
  readonly command: readonly string[];
  /** Exactly the process's environment, on top of the image's (PATH comes from the image unless set). */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * Host account the process runs as; null: the image's user. The container then starts as
   * root, and its `run` wrapper runs the process as this user once `initialize` is done.
   */
  readonly user: string | null;
  /** Its primary group, when the model names one; else the user's primary group on the host. */
  readonly group: string | null;
  /** Ids the model declares for them (ids file), used by compose when known. */
  readonly uid: number | null;
  readonly gid: number | null;
  /**
   * The model's accounts the container gets in its own /etc/passwd and /etc/group, with the
   * host's entries, looked up when it is created: the process's credentials (the user is
   * added too). The `run` wrapper adds them when it runs as root.
   */
  readonly accounts: ContainerAccountNames;
  readonly workdir: string | null;
  readonly restart: DockerRestart;
  /** With the SIG prefix, as docker prints it. */
  readonly stopSignal: string;
  /** Whole seconds before the engine sends SIGKILL. */
  readonly stopTimeout: number;
  /** Run a real PID 1 (tini, catatonit) that forwards signals and reaps orphans. */
  readonly init: boolean;
  readonly labels: Readonly<Record<string, string>>;
  /** `host`, or the name of the deployment's bridge network. */
  readonly network: string;
  /** Host names other containers reach this one by, on a bridge network. */
  readonly aliases: readonly string[];
  /** Ports published as `<port>:<port>` (bridge network only). */
  readonly ports: readonly number[];
  /** Bind mounts by their path in the container. */
  readonly mounts: Readonly<Record<string, DockerMount>>;
  /** Extra capabilities (SYS_NICE for a negative nice). */
  readonly capAdd: readonly string[];
  readonly healthcheck: DockerHealthcheck | null;
  /** Text of the entry's `run` script when the command goes through it; else null. */
  readonly wrapper: string | null;
  /** True when the entry carries the foreground proxy of a forking daemon. */
  readonly daemonProxy: boolean;
  readonly activation: DockerActivation;
}
