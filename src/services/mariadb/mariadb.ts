/**
 * `mariadb`: a MariaDB server with its chores done: its own account, system tables made
 * once, my.cnf in the store (a changed setting is a new generation and restarts it),
 * databases and accounts kept as declared, readiness when it answers a ping on its socket,
 * and its version as the state version.
 * @module
 */
import { dirname } from 'node:path';
import type { ProcessParams } from '../../model/params.js';
import { createManagedProcess, type ManagedProcess } from '../../model/managed-process.js';
import type { StateDirInput } from '../../model/state-dir.js';
import { quoteShell } from '../../render/shell.js';
import { serviceAccount } from '../common/account.js';
import { MAX_SOCKET_PATH, requireName, requireOwnDirectory, requirePath, requirePort, ServiceArgumentError } from '../common/names.js';
import { myCnfCheck, renderMyCnf, requireBind } from './config.js';
import { PROGRAMS, renderInitialize } from './initialize.js';
import type { MariadbOptions } from './options.js';
import { renderSetupSql, requireDatabases, requireUsers } from './setup-sql.js';

const SERVICE = 'mariadb';

const requireVersion = (version: string): string => {
  if (!/^\d{1,3}\.\d{1,3}$/.test(version)) throw new ServiceArgumentError(SERVICE, 'version', `${JSON.stringify(version)} is not a major.minor version such as "10.11"`);
  return version;
};

const requireSocket = (socket: string): string => {
  requirePath(SERVICE, 'socket', socket);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) throw new ServiceArgumentError(SERVICE, 'socket', `${JSON.stringify(socket)} is longer than the ${MAX_SOCKET_PATH} bytes a Unix socket path holds`);
  return socket;
};

/**
 * A MariaDB server.
 *
 * It runs as its own account (`user`), which procform creates; an unprivileged deployment
 * runs it as the deploying user. Before each start, `initialize` checks that the installed
 * `mariadbd` is `version`, creates the system tables if the data directory has none (root
 * and the server's account authenticate by unix_socket, so neither has a password), and
 * applies `databases` and `users` through `mariadbd --bootstrap`, which reads each password
 * from its file at that moment through a pipe. It stops on SIGTERM, which shuts down cleanly.
 * @example
 * const db = mariadb(params, {
 *   databases: [{ name: 'shop' }],
 *   users: [{ name: 'shop', passwordFile: '/etc/shop/db-password', grants: [{ database: 'shop', privileges: ['ALL PRIVILEGES'] }] }],
 * });
 */
export const mariadb = (params: ProcessParams, options: MariadbOptions = {}): ManagedProcess => {
  const name = requireName(SERVICE, 'name', options.name ?? 'mariadb');
  const version = requireVersion(options.version ?? '10.11');
  const port = requirePort(SERVICE, 'port', options.port ?? 3306);
  const bind = requireBind(options.bind ?? '127.0.0.1');
  const user = requireName(SERVICE, 'user', options.user ?? name);
  const defaultDataDir = `${params.libDir}/${name}/data`;
  const dataDir = requireOwnDirectory(SERVICE, 'dataDir', options.dataDir ?? defaultDataDir);
  const runDir = `${params.runtimeDir}/${name}`;
  const socket = requireSocket(options.socket ?? `${runDir}/mysqld.sock`);
  const socketDir = requireOwnDirectory(SERVICE, 'socket', dirname(socket));
  const databases = options.databases ?? [];
  const users = options.users ?? [];
  requireDatabases(databases);
  requireUsers(users, databases);

  const configFile = params.writeFile({
    name: `${name}-my.cnf`,
    text: renderMyCnf({ name, dataDir, socket, pidFile: `${runDir}/mysqld.pid`, port, bind }, options.settings ?? {}),
    check: myCnfCheck(PROGRAMS.server),
  });
  const setup = databases.length > 0 || users.length > 0
    ? { sqlFile: params.writeFile({ name: `${name}-setup.sql`, text: renderSetupSql(name, databases, users) }), users }
    : undefined;
  const initializeScript = params.writeFile({
    name: `${name}-initialize.sh`,
    executable: true,
    text: renderInitialize(params, { name, version, user, dataDir, configFile, ...(setup === undefined ? {} : { setup }) }),
  });

  const stateDirs: StateDirInput[] = [
    // The default data directory's parent, so that the server's account can reach it
    // whatever the supervisor's umask.
    ...(dataDir === defaultDataDir ? [{ path: `${params.libDir}/${name}`, mode: '0750' }] : []),
    { path: dataDir, mode: '0700' },
    // The pid file and, by default, the socket, which clients of every account use.
    { path: runDir, mode: '0755' },
    ...(socketDir === runDir ? [] : [{ path: socketDir, mode: '0755' }]),
  ];

  return createManagedProcess({
    name,
    description: `${name} (MariaDB ${version})`,
    foregroundProcess: PROGRAMS.server,
    // --defaults-file must come first, and makes the server read no other option file.
    args: [`--defaults-file=${configFile}`],
    user,
    credentials: serviceAccount(user),
    initialize: quoteShell(initializeScript),
    stateDirs,
    // mariadb-admin ping succeeds once the server accepts connections, whether or not
    // the account may log in.
    readiness: { kind: 'exec', command: [PROGRAMS.admin, '--no-defaults', `--socket=${socket}`, '--connect-timeout=2', '--silent', 'ping'] },
    stateVersion: version,
    stopTimeout: options.stopTimeout ?? 30,
    dependencies: options.dependencies ?? [],
    providedBy: 'mariadb-server',
    ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
  });
};
