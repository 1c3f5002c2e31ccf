/**
 * The parameters a processes model receives: the directory family, user-change settings,
 * the target backend, assigned ids and a way to write configuration files into the store.
 * @module
 */
import type { BackendName } from './overrides.js';

/** Assigned ids, as read from the ids file: pool name → instance name → id. */
export type Ids = { readonly [pool: string]: { readonly [instance: string]: number } | undefined };

/**
 * A program that judges a file `params.writeFile` makes, such as `nginx -t`: run at build
 * time on a private copy, before anything is written, so a broken configuration fails the
 * build with the program's own words instead of failing the process at start.
 */
export interface FileCheck {
  /**
   * The command and its arguments; `{file}` in an argument becomes the copy's path and
   * `{dir}` a private, empty, writable directory. The check is skipped when the program
   * is not on this machine or host checks are off.
   */
  readonly command: readonly string[];
  /**
   * What to check instead of the file's text, e.g. the same configuration with its log and
   * pid paths under `{dir}`, which exist at build time. `{dir}` is replaced here too.
   * @default the file's text
   */
  readonly text?: string;
}

/** A file for the store, made by `params.writeFile`. */
export interface WriteFileInput {
  /** Store entry name; letters, digits and `+-._` only. */
  readonly name: string;
  /** File content. */
  readonly text: string;
  /** Make the file executable. @default false */
  readonly executable?: boolean;
  /** Checked at build time by a program before it is accepted. @default no check */
  readonly check?: FileCheck;
}

/** Where a deployment's processes run. */
export interface Placement {
  /**
   * Each process runs in a container of its own (docker, Kubernetes), whose image does not
   * know the deployment's accounts by name.
   */
  readonly containers: boolean;
  /**
   * Every process sees the same files, so a Unix socket one of them makes is reachable by
   * another: true on one machine and on docker, whose containers mount the deployment's
   * directories; false on Kubernetes, where each pod has volumes of its own.
   */
  readonly sharedFiles: boolean;
}

/** The parameters procform passes to a processes model. */
export interface ProcessParams {
  /** Root of the directory family. @default "/var" as root, else `~/.local/state/procform` */
  readonly stateDir: string;
  /** Sockets and pid files. @default `${stateDir}/run` */
  readonly runtimeDir: string;
  /** Log files. @default `${stateDir}/log` */
  readonly logDir: string;
  /** Temporary files. @default "/tmp" when stateDir is "/var", else `${stateDir}/tmp` */
  readonly tmpDir: string;
  /** Caches. @default `${stateDir}/cache` */
  readonly cacheDir: string;
  /** Queued work. @default `${stateDir}/spool` */
  readonly spoolDir: string;
  /** Lock files. @default `${stateDir}/lock` */
  readonly lockDir: string;
  /** State kept across restarts and deployments (the store too, by default). @default `${stateDir}/lib` */
  readonly libDir: string;
  /** Where store entries live. @default `${libDir}/procform/store` */
  readonly storeDir: string;
  /** Drop every `user` so an unprivileged user can deploy. @default false as root, true otherwise */
  readonly forceDisableUserChange: boolean;
  /** The user running procform. */
  readonly callingUser: string;
  /** The primary group of the user running procform. */
  readonly callingGroup: string;
  /** The backend the model is being built for. */
  readonly processManager: BackendName;
  /** Ids assigned by `procform ids`. @default {} */
  readonly ids: Ids;
  /** Everything passed with `--extra-params`. @default {} */
  readonly extraParams: Readonly<Record<string, unknown>>;
  /** Options of the target backend, given with `-o key=value` and checked by the backend. @default {} */
  readonly backendOptions: Readonly<Record<string, string>>;
  /**
   * The host name under which the process `instance` is reachable from the other processes
   * of the deployment: "localhost" on one machine, the container's network alias on the
   * docker backend's bridge network, the Service's name on Kubernetes. Models that connect
   * processes (a proxy to its webapps) use it instead of writing "localhost".
   */
  readonly serviceHost: (instance: string) => string;
  /**
   * Where the deployment's processes run, as the backend declares it. Constructors that
   * depend on it (a web server's privilege drop, a Unix socket between two processes) read
   * it instead of the backend's name. @default one machine: `{ containers: false, sharedFiles: true }`
   */
  readonly placement: Placement;
  /**
   * Writes a file into its own store entry and returns the file's absolute path, so a
   * constructor can generate a configuration file and pass its path to the process.
   */
  readonly writeFile: (file: WriteFileInput) => string;
}
