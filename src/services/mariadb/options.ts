/**
 * The arguments of `mariadb`: what a user declares about a MariaDB server.
 * @module
 */
import type { Dependency } from '../../model/process-input.js';
import type { Overrides } from '../../model/overrides.js';

/** A `[mysqld]` option value: strings are quoted, numbers written as they are, booleans as `ON`/`OFF`. */
export type MariadbSettingValue = string | number | boolean;

/** A database the server should have: created when missing, never dropped. */
export interface MariadbDatabase {
  /** The database's name: up to 64 characters, not a system database. */
  readonly name: string;
}

/** Privileges of a user on one database. */
export interface MariadbGrant {
  /** A database of `databases`, or `*` for all of them. */
  readonly database: string;
  /** Such as `['SELECT', 'INSERT']` or `['ALL PRIVILEGES']`. */
  readonly privileges: readonly string[];
}

/** An account the server should have: created when missing, kept as declared on every start. */
export interface MariadbUser {
  /** The account's name: up to 80 characters, not `root`. */
  readonly name: string;
  /** Where it may connect from: `localhost` (the socket and loopback), a host name, an address or a `%` pattern. @default "localhost" */
  readonly host?: string;
  /**
   * A file holding the password (one line; trailing newlines are ignored), read when the
   * server starts (by root, or by the deploying user when user change is off) and handed
   * to it through a pipe, never written to disk or the store. Without it the account authenticates by `unix_socket`: only the operating
   * system account of the same name, over the socket. Required when `host` is not
   * `localhost`.
   * @default unix_socket authentication
   */
  readonly passwordFile?: string;
  /** Privileges granted on every start; grants are added, never revoked. @default [] */
  readonly grants?: readonly MariadbGrant[];
}

/** Arguments of `mariadb`. */
export interface MariadbOptions {
  /** Process and instance name; also names the default directories. @default "mariadb" */
  readonly name?: string;
  /**
   * The MariaDB version, as major.minor, that the data is for; the installed `mariadbd` must
   * be this version. It is the process's state version, so a switch to another version is
   * refused without `--migrate` (after which `mariadb-upgrade` brings the system tables up
   * to date).
   * @default "10.11" (Debian 12's)
   */
  readonly version?: string;
  /** The TCP port. @default 3306 */
  readonly port?: number;
  /** The address to listen on for TCP (`0.0.0.0` or `::` for every address). @default "127.0.0.1" */
  readonly bind?: string;
  /** The account the server runs as, created by the deployment. @default name */
  readonly user?: string;
  /** The data directory (mode 0700, owned by `user`). @default `${libDir}/${name}/data` */
  readonly dataDir?: string;
  /** The Unix socket; its directory is made for it. @default `${runtimeDir}/${name}/mysqld.sock` */
  readonly socket?: string;
  /**
   * Further `[mysqld]` options, such as `{ max_connections: 50, character_set_server: 'utf8mb4' }`.
   * The data directory, socket, port and address come from their own options.
   * @default {}
   */
  readonly settings?: Readonly<Record<string, MariadbSettingValue>>;
  /** Databases created when missing. @default [] */
  readonly databases?: readonly MariadbDatabase[];
  /** Accounts created when missing and kept as declared. @default [] */
  readonly users?: readonly MariadbUser[];
  /** Processes that must be ready first. @default [] */
  readonly dependencies?: readonly Dependency[];
  /** Per-backend escape hatch, as for `createManagedProcess`. @default {} */
  readonly overrides?: Overrides;
  /** Seconds after SIGTERM (a clean shutdown) before SIGKILL. @default 30 */
  readonly stopTimeout?: number;
}
