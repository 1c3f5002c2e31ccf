/**
 * `postgresqlScript`: SQL run once against a server `postgresql` made, such as a
 * migration: a oneshot that its dependents wait for, run again whenever its SQL changes.
 * @module
 */
import { fileURLToPath } from 'node:url';
import type { ProcessParams } from '../../model/params.js';
import type { Dependency } from '../../model/process-input.js';
import type { Overrides } from '../../model/overrides.js';
import { createManagedProcess, type ManagedProcess } from '../../model/managed-process.js';
import { serviceAccount } from '../common/account.js';
import { sharesFiles } from '../common/machine.js';
import { requireName, requirePath, ServiceArgumentError } from '../common/names.js';
import { serverOf, type PostgresqlServer } from './servers.js';

const SERVICE = 'postgresqlScript';

/** Arguments of {@link postgresqlScript}. */
export interface PostgresqlScriptOptions {
  /** Process and instance name. */
  readonly name: string;
  /** The server: the value `postgresql(...)` returned. */
  readonly server: ManagedProcess;
  /** The database it runs in: one of the server's `databases`, or `postgres`. */
  readonly database: string;
  /**
   * The PostgreSQL role it connects as: one of the server's `roles`, or `postgres`. The
   * server's `authentication` must let the account `user` connect as it without a password.
   * @default the database's owner
   */
  readonly role?: string;
  /** The SQL, as text; it is written into the store. Give either `sql` or `file`. @default none */
  readonly sql?: string;
  /**
   * A file of SQL (an absolute path or a `file:` URL such as `new URL('./001.sql',
   * import.meta.url)`). It becomes an input: editing it runs the script again on the next switch.
   * @default none
   */
  readonly file?: string | URL;
  /** The account psql runs as, created by the deployment. @default name */
  readonly user?: string;
  /** Processes that must be ready or done first besides the server, which always is one. @default [] */
  readonly dependencies?: readonly Dependency[];
  /** Per-backend escape hatch, as for `createManagedProcess`. @default {} */
  readonly overrides?: Overrides;
}

const known = (what: string, value: string, names: Iterable<string>): string => {
  const list = [...names];
  if (!list.includes(value)) throw new ServiceArgumentError(SERVICE, what, `${JSON.stringify(value)} is not one of the server's: ${list.map((n) => JSON.stringify(n)).join(', ')}`);
  return value;
};

/**
 * Where psql connects: the server's socket directory when both run on one machine and see
 * its files (so `peer` authentication and a socket-only server work), else the server's
 * host over TCP, as on Kubernetes, where pods on the node's network still have files of
 * their own.
 */
const connectHost = (params: ProcessParams, server: PostgresqlServer): string =>
  (server.host === 'localhost' && sharesFiles(params) ? server.socketDir : server.host);

/**
 * A oneshot that runs SQL with psql against a server made by `postgresql`, in one
 * transaction that stops at the first error (`ON_ERROR_STOP`): a migration fails whole or
 * applies whole. It runs again whenever it restarts, which includes every restart of the
 * server, so write it to be repeatable (`CREATE TABLE IF NOT EXISTS …`).
 * @example
 * const migrate = postgresqlScript(params, {
 *   name: 'migrate', server: db, database: 'app',
 *   file: new URL('./schema.sql', import.meta.url),
 * });
 */
export const postgresqlScript = (params: ProcessParams, options: PostgresqlScriptOptions): ManagedProcess => {
  const name = requireName(SERVICE, 'name', options.name);
  const server = serverOf(options.server);
  if (server === undefined) throw new ServiceArgumentError(SERVICE, 'server', 'must be the value postgresql(...) returned');
  const database = known('database', options.database, server.databases.keys());
  const role = known('role', options.role ?? server.databases.get(database)!, server.roles);
  if ((options.sql === undefined) === (options.file === undefined)) throw new ServiceArgumentError(SERVICE, 'sql', 'or file must be given, and not both');
  if (options.file instanceof URL && options.file.protocol !== 'file:') throw new ServiceArgumentError(SERVICE, 'file', `${options.file.href} is not a file: URL`);
  const file = options.file === undefined
    ? params.writeFile({ name: `${name}.sql`, text: options.sql! })
    : requirePath(SERVICE, 'file', options.file instanceof URL ? fileURLToPath(options.file) : options.file);
  const user = requireName(SERVICE, 'user', options.user ?? name);
  return createManagedProcess({
    name,
    description: `${name} (SQL on PostgreSQL "${server.name}")`,
    type: 'oneshot',
    foregroundProcess: `${server.binDir}/psql`,
    args: ['-X', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-f', file],
    // libpq takes these literally; psql's -d would read a name containing "=" as a
    // connection string.
    environment: { PGHOST: connectHost(params, server), PGPORT: server.port, PGUSER: role, PGDATABASE: database },
    user,
    credentials: serviceAccount(user),
    dependencies: [options.server, ...(options.dependencies ?? [])],
    inputs: options.file === undefined ? [] : [file],
    providedBy: `postgresql-client-${server.version}`,
    ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
  });
};
