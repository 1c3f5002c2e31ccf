/**
 * The arguments of `postgresql`: what a user declares about a PostgreSQL server.
 * @module
 */
import type { Dependency } from '../../model/process-input.js';
import type { Overrides } from '../../model/overrides.js';

/** A postgresql.conf value: strings are quoted, numbers written as they are, booleans as `on`/`off`. */
export type PostgresqlSettingValue = string | number | boolean;

/** An authentication method of pg_hba.conf. */
export type PostgresqlAuthMethod =
  | 'trust' | 'reject' | 'scram-sha-256' | 'md5' | 'password' | 'peer' | 'ident'
  | 'cert' | 'gss' | 'sspi' | 'pam' | 'ldap' | 'radius';

/** One line of pg_hba.conf: who may connect to what, from where, proving it how. */
export interface PostgresqlHbaRule {
  /** `local` for the Unix socket, `host` for TCP, `hostssl` for TCP over TLS only. */
  readonly type: 'local' | 'host' | 'hostssl';
  /**
   * Database names, or the keywords `all`, `sameuser`, `samerole`, `replication`; several
   * as an array. A keyword always means the keyword.
   */
  readonly database: string | readonly string[];
  /** Role names, `+role` for the members of a role, or `all`; several as an array. */
  readonly user: string | readonly string[];
  /**
   * For `host` and `hostssl`, where it is required: a CIDR address (`10.0.0.0/8`), a host
   * name, `samehost` or `samenet`.
   * @default none (a `local` rule has no address)
   */
  readonly address?: string;
  /** How the client proves who it is: `trust`, `peer`, `scram-sha-256`, `reject`, … */
  readonly method: PostgresqlAuthMethod;
  /** Method options, such as `{ map: 'admins' }` for `peer`. @default {} */
  readonly options?: Readonly<Record<string, string>>;
}

/** A role the server should have: created when missing, its attributes set on every start. */
export interface PostgresqlRole {
  /** The role's name: up to 63 bytes, not `postgres` (initdb's superuser) and not `pg_…`. */
  readonly name: string;
  /** May connect. @default true */
  readonly login?: boolean;
  /** Bypasses every permission check. @default false */
  readonly superuser?: boolean;
  /** May create databases. @default false */
  readonly createdb?: boolean;
  /**
   * A file holding the role's password (one line; trailing newlines are ignored), read when
   * the server starts (by root, or by the deploying user when user change is off) and never
   * copied into the store. Without it the role has
   * no password, so it can only connect where `authentication` needs none (`peer`,
   * `trust`); a password set by hand is cleared on the next start.
   * @default no password
   */
  readonly passwordFile?: string;
}

/** A database the server should have: created when missing, its owner set on every start. */
export interface PostgresqlDatabase {
  /** The database's name: up to 63 bytes, not a template. */
  readonly name: string;
  /** A role of `roles`, or `postgres`. @default "postgres" */
  readonly owner?: string;
}

/** Arguments of `postgresql`. */
export interface PostgresqlOptions {
  /** Process and instance name; also names the default directories. @default "postgresql" */
  readonly name?: string;
  /**
   * The major version. It selects the programs (`/usr/lib/postgresql/VERSION/bin`, Debian's
   * `postgresql-VERSION`) and is the process's state version: data written by one major
   * version needs `pg_upgrade`, so a switch to another is refused without `--migrate`, and
   * the server then still refuses a data directory of another version.
   * @default 15
   */
  readonly version?: number;
  /** Where `postgres`, `initdb`, `pg_isready` and `psql` are. @default `/usr/lib/postgresql/${version}/bin` */
  readonly binDir?: string;
  /** The TCP port, also the number in the Unix socket's name. @default 5432 */
  readonly port?: number;
  /** Addresses to listen on for TCP; `[]` for the Unix socket only, `['*']` for every address. @default ["127.0.0.1"] */
  readonly listenAddresses?: readonly string[];
  /** The account the server runs as, created by the deployment. @default name */
  readonly user?: string;
  /** The cluster's directory (mode 0700, owned by `user`). @default `${libDir}/${name}/data` */
  readonly dataDir?: string;
  /** Where the Unix socket is; clients pass it as the host (`psql -h DIR`). @default `${runtimeDir}/${name}` */
  readonly socketDir?: string;
  /** `initdb --locale`; it only matters when the cluster is created. @default "C" */
  readonly locale?: string;
  /** `initdb --encoding`; it only matters when the cluster is created. @default "UTF8" */
  readonly encoding?: string;
  /**
   * Further postgresql.conf settings, such as `{ shared_buffers: '256MB', max_connections: 50 }`.
   * The port, addresses and socket directory come from their own options.
   * @default {}
   */
  readonly settings?: Readonly<Record<string, PostgresqlSettingValue>>;
  /**
   * pg_hba.conf, first match wins. The default suits a server only its own machine uses:
   * every local account may connect as any role without a password, over the socket and
   * over loopback TCP. Give your own rules as soon as the machine is shared or the server
   * listens beyond loopback.
   * @default [{ type: 'local', database: 'all', user: 'all', method: 'trust' }, { type: 'host', database: 'all', user: 'all', address: '127.0.0.1/32', method: 'trust' }, { type: 'host', database: 'all', user: 'all', address: '::1/128', method: 'trust' }]
   */
  readonly authentication?: readonly PostgresqlHbaRule[];
  /** Roles created when missing and kept as declared on every start; roles are never dropped. @default [] */
  readonly roles?: readonly PostgresqlRole[];
  /** Databases created when missing; databases are never dropped. @default [] */
  readonly databases?: readonly PostgresqlDatabase[];
  /** Processes that must be ready first. @default [] */
  readonly dependencies?: readonly Dependency[];
  /** Per-backend escape hatch, as for `createManagedProcess`. @default {} */
  readonly overrides?: Overrides;
  /** Seconds after SIGINT (fast shutdown) before SIGKILL. @default 30 */
  readonly stopTimeout?: number;
}
