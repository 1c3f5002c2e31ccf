/**
 * The SQL that makes a server's databases and accounts what the model says, fed to
 * `mariadbd --bootstrap` before each start. Every statement may run again: databases and
 * accounts are created only when missing (`IF NOT EXISTS`), authentication is set to the
 * declared one each time, and grants are added. Passwords are not in the text: the
 * initialize script appends one statement per password, read from its file at that moment.
 * @module
 */
import { ServiceArgumentError, requirePath } from '../common/names.js';
import type { MariadbDatabase, MariadbUser } from './options.js';
import { quoteGrantDatabase, quoteIdentifier, quoteString, requireSqlText } from './quote.js';

const SERVICE = 'mariadb';

const MAX_DATABASE = 64;
const MAX_USER = 80;
const SYSTEM_DATABASES = new Set(['mysql', 'information_schema', 'performance_schema', 'sys']);
const RESERVED_USERS = new Set(['root', 'mariadb.sys', 'public']);
const HOST = /^[A-Za-z0-9.:%_/-]{1,255}$/;
const PRIVILEGE = /^[A-Z]+( [A-Z]+)*$/;

/** Checks databases: valid, unique, not a system database. */
export const requireDatabases = (databases: readonly MariadbDatabase[]): void => {
  const seen = new Set<string>();
  databases.forEach((database, i) => {
    const at = `databases[${i}].name`;
    requireSqlText(database.name, at, MAX_DATABASE);
    if (database.name.endsWith(' ')) throw new ServiceArgumentError(SERVICE, at, 'must not end with a space');
    if (SYSTEM_DATABASES.has(database.name.toLowerCase())) throw new ServiceArgumentError(SERVICE, at, `${database.name} is a system database`);
    if (seen.has(database.name)) throw new ServiceArgumentError(SERVICE, at, `${JSON.stringify(database.name)} is declared twice`);
    seen.add(database.name);
  });
};

/** Checks accounts: valid names and hosts, unique, a password where one is needed, grants on declared databases. */
export const requireUsers = (users: readonly MariadbUser[], databases: readonly MariadbDatabase[]): void => {
  const seen = new Set<string>();
  const known = new Set(['*', ...databases.map((d) => d.name)]);
  users.forEach((user, i) => {
    const at = `users[${i}]`;
    requireSqlText(user.name, `${at}.name`, MAX_USER);
    if (RESERVED_USERS.has(user.name.toLowerCase())) throw new ServiceArgumentError(SERVICE, `${at}.name`, `${JSON.stringify(user.name)} is an account MariaDB keeps for itself`);
    const host = user.host ?? 'localhost';
    if (!HOST.test(host)) throw new ServiceArgumentError(SERVICE, `${at}.host`, `${JSON.stringify(host)} is not a host name, an address or a % pattern`);
    const account = `${user.name}@${host}`;
    if (seen.has(account)) throw new ServiceArgumentError(SERVICE, at, `${JSON.stringify(account)} is declared twice`);
    seen.add(account);
    if (user.passwordFile !== undefined) requirePath(SERVICE, `${at}.passwordFile`, user.passwordFile);
    else if (host !== 'localhost') throw new ServiceArgumentError(SERVICE, `${at}.passwordFile`, `is needed when host is not localhost: without one the account authenticates by unix_socket, which only works on this machine's socket`);
    (user.grants ?? []).forEach((grant, j) => {
      if (!known.has(grant.database)) throw new ServiceArgumentError(SERVICE, `${at}.grants[${j}].database`, `${JSON.stringify(grant.database)} is not "*" or a database of databases`);
      if (grant.privileges.length === 0) throw new ServiceArgumentError(SERVICE, `${at}.grants[${j}].privileges`, 'is empty');
      grant.privileges.forEach((privilege, k) => {
        if (!PRIVILEGE.test(privilege.toUpperCase())) throw new ServiceArgumentError(SERVICE, `${at}.grants[${j}].privileges[${k}]`, `${JSON.stringify(privilege)} is not a privilege such as "SELECT" or "ALL PRIVILEGES"`);
      });
    });
  });
};

/** `'name'@'host'`. */
export const accountOf = (user: MariadbUser): string => `${quoteString(user.name)}@${quoteString(user.host ?? 'localhost')}`;

const userStatements = (user: MariadbUser): string[] => {
  const account = accountOf(user);
  return [
    `CREATE USER IF NOT EXISTS ${account} IDENTIFIED VIA unix_socket;`,
    // With a password file, the initialize script sets the password after this text.
    ...(user.passwordFile === undefined ? [`ALTER USER ${account} IDENTIFIED VIA unix_socket;`] : []),
    ...(user.grants ?? []).map((grant) => {
      const on = grant.database === '*' ? '*.*' : `${quoteGrantDatabase(grant.database)}.*`;
      return `GRANT ${grant.privileges.map((p) => p.toUpperCase()).join(', ')} ON ${on} TO ${account};`;
    }),
  ];
};

/**
 * The statement that sets a password, split around the place of its hexadecimal bytes:
 * the initialize script prints `prefix`, the hex of the file's content, then `suffix`.
 * Hex needs no quoting, and PASSWORD() turns it into the hash before the account sees it.
 */
export const passwordStatement = (user: MariadbUser): { readonly prefix: string; readonly suffix: string } => ({
  prefix: `EXECUTE IMMEDIATE CONCAT(${quoteString(`ALTER USER ${accountOf(user)} IDENTIFIED VIA mysql_native_password USING `)}, QUOTE(PASSWORD(X'`,
  suffix: "')));",
});

/** The bootstrap SQL for `databases` and `users` (already checked), one statement a line. */
export const renderSetupSql = (name: string, databases: readonly MariadbDatabase[], users: readonly MariadbUser[]): string => [
  `-- Databases and accounts of MariaDB "${name}", applied by procform before each start.`,
  // --bootstrap starts without the grant tables; accounts need them.
  'FLUSH PRIVILEGES;',
  ...databases.map((d) => `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(d.name)};`),
  ...users.flatMap(userStatements),
  '',
].join('\n');
