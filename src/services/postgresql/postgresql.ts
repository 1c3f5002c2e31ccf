/**
 * `postgresql`: a PostgreSQL server with its chores done: its own account, a cluster made
 * once with initdb, postgresql.conf and pg_hba.conf in the store (a changed setting is a new
 * generation and restarts it), roles and databases kept as declared, readiness when it
 * accepts connections, and its major version as the state version.
 * @module
 */
import type { ProcessParams } from '../../model/params.js';
import { createManagedProcess, type ManagedProcess } from '../../model/managed-process.js';
import type { StateDirInput } from '../../model/state-dir.js';
import { quoteShell } from '../../render/shell.js';
import { serviceAccount } from '../common/account.js';
import { MAX_SOCKET_PATH, requireName, requireOwnDirectory, requirePath, requirePort, ServiceArgumentError } from '../common/names.js';
import { DEFAULT_AUTHENTICATION, renderHba, renderPostgresqlConf, requireListenAddresses, SETUP_HBA } from './config.js';
import { renderInitialize } from './initialize.js';
import type { PostgresqlOptions } from './options.js';
import { recordServer } from './servers.js';
import { renderSetupSql, requireDatabases, requireRoles, SUPERUSER } from './setup-sql.js';

const SERVICE = 'postgresql';

// The longest socket file name PostgreSQL adds to a directory: "/.s.PGSQL.65535".
const SOCKET_FILE = '/.s.PGSQL.65535'.length;
// The private setup socket sits one directory further down.
const SETUP_DIR = 'setup';
const LOCALE = /^[A-Za-z0-9_.@-]+$/;

const requireVersion = (version: number): number => {
  if (!Number.isInteger(version) || version < 10 || version > 99) throw new ServiceArgumentError(SERVICE, 'version', `${version} is not a PostgreSQL major version (10 or newer)`);
  return version;
};

const requireSocketDir = (dir: string, withSetup: boolean): void => {
  if (dir.includes(',')) throw new ServiceArgumentError(SERVICE, 'socketDir', 'must not contain a comma: postgresql.conf reads unix_socket_directories as a list');
  const longest = Buffer.byteLength(dir) + (withSetup ? SETUP_DIR.length + 1 : 0) + SOCKET_FILE;
  if (longest > MAX_SOCKET_PATH) {
    throw new ServiceArgumentError(SERVICE, 'socketDir', `${JSON.stringify(dir)} is too long: a Unix socket path holds at most ${MAX_SOCKET_PATH} bytes, and the socket in it would need ${longest}`);
  }
};

const requireWord = (argument: 'locale' | 'encoding', value: string): string => {
  if (!LOCALE.test(value)) throw new ServiceArgumentError(SERVICE, argument, `${JSON.stringify(value)} is not a ${argument} name`);
  return value;
};

/**
 * A PostgreSQL server.
 *
 * It runs as its own account (`user`), which procform creates; PostgreSQL refuses to run
 * as root, so an unprivileged deployment runs it as the deploying user instead. Before each
 * start, `initialize` creates the cluster if the data directory has none (initdb, UTF8, C
 * locale by default), refuses a data directory of another major version with a message in
 * the process's log, and applies `roles` and `databases` through a private server on a
 * socket only the server's account can reach. Passwords are read from each role's
 * `passwordFile` at that moment and never written into the store. A crash leaves a stale
 * postmaster.pid that PostgreSQL itself recognizes on the next start; procform does not
 * remove it.
 * @example
 * const db = postgresql(params, {
 *   roles: [{ name: 'app', passwordFile: '/etc/app/db-password' }],
 *   databases: [{ name: 'app', owner: 'app' }],
 *   settings: { shared_buffers: '256MB' },
 * });
 */
export const postgresql = (params: ProcessParams, options: PostgresqlOptions = {}): ManagedProcess => {
  const name = requireName(SERVICE, 'name', options.name ?? 'postgresql');
  const version = requireVersion(options.version ?? 15);
  const binDir = requirePath(SERVICE, 'binDir', options.binDir ?? `/usr/lib/postgresql/${version}/bin`);
  const port = requirePort(SERVICE, 'port', options.port ?? 5432);
  const listenAddresses = requireListenAddresses(options.listenAddresses ?? ['127.0.0.1']);
  const user = requireName(SERVICE, 'user', options.user ?? name);
  const defaultDataDir = `${params.libDir}/${name}/data`;
  const dataDir = requireOwnDirectory(SERVICE, 'dataDir', options.dataDir ?? defaultDataDir);
  const socketDir = requireOwnDirectory(SERVICE, 'socketDir', options.socketDir ?? `${params.runtimeDir}/${name}`);
  const locale = requireWord('locale', options.locale ?? 'C');
  const encoding = requireWord('encoding', options.encoding ?? 'UTF8');
  const roles = options.roles ?? [];
  const databases = options.databases ?? [];
  requireRoles(roles);
  requireDatabases(databases, roles);
  roles.forEach((role, i) => role.passwordFile !== undefined && requirePath(SERVICE, `roles[${i}].passwordFile`, role.passwordFile));
  const managesObjects = roles.length > 0 || databases.length > 0;
  requireSocketDir(socketDir, managesObjects);

  const configFile = params.writeFile({
    name: `${name}-postgresql.conf`,
    text: renderPostgresqlConf({ name, port, listenAddresses, socketDir }, options.settings ?? {}),
  });
  const hbaFile = params.writeFile({ name: `${name}-pg_hba.conf`, text: renderHba(name, options.authentication ?? DEFAULT_AUTHENTICATION) });
  const setupDir = `${socketDir}/${SETUP_DIR}`;
  const setup = managesObjects
    ? {
        socketDir: setupDir,
        hbaFile: params.writeFile({ name: `${name}-setup-pg_hba.conf`, text: SETUP_HBA }),
        sqlFile: params.writeFile({ name: `${name}-setup.sql`, text: renderSetupSql(name, roles, databases) }),
        roles,
      }
    : undefined;
  const initializeScript = params.writeFile({
    name: `${name}-initialize.sh`,
    executable: true,
    text: renderInitialize(params, {
      name, version, binDir, user, dataDir, port, configFile, locale, encoding,
      ...(setup === undefined ? {} : { setup }),
    }),
  });

  const stateDirs: StateDirInput[] = [
    // The default data directory's parent, so that the server's account can reach it
    // whatever the supervisor's umask.
    ...(dataDir === defaultDataDir ? [{ path: `${params.libDir}/${name}`, mode: '0750' }] : []),
    { path: dataDir, mode: '0700' },
    // Clients of every account connect through the socket in it.
    { path: socketDir, mode: '0755' },
    ...(managesObjects ? [{ path: setupDir, mode: '0700' }] : []),
  ];

  const process = createManagedProcess({
    name,
    description: `${name} (PostgreSQL ${version})`,
    foregroundProcess: `${binDir}/postgres`,
    args: ['-D', dataDir, '-c', `config_file=${configFile}`, '-c', `hba_file=${hbaFile}`],
    user,
    credentials: serviceAccount(user),
    initialize: quoteShell(initializeScript),
    stateDirs,
    readiness: { kind: 'exec', command: [`${binDir}/pg_isready`, '-q', '-h', socketDir, '-p', String(port), '-U', SUPERUSER, '-d', 'postgres'] },
    stateVersion: String(version),
    // SIGINT is PostgreSQL's fast shutdown: open transactions are rolled back, the data is
    // written and the server exits; SIGTERM would wait for every client to leave.
    stopSignal: 'INT',
    stopTimeout: options.stopTimeout ?? 30,
    dependencies: options.dependencies ?? [],
    providedBy: `postgresql-${version}`,
    ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
  });
  return recordServer(process, {
    name, version, port, socketDir, binDir,
    host: params.serviceHost(name),
    roles: new Set([SUPERUSER, ...roles.map((r) => r.name)]),
    databases: new Map([['postgres', SUPERUSER], ...databases.map((d) => [d.name, d.owner ?? SUPERUSER] as const)]),
  });
};
