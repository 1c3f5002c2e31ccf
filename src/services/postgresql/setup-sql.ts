/**
 * The SQL that makes a server's roles and databases what the model says, run by psql on
 * every start. Every statement may run again: roles and databases are created only when
 * missing (psql's `\gexec` runs a `CREATE` only when the query returns it), attributes,
 * passwords and owners are set to the declared values each time. Passwords are not in the
 * text: psql takes each from an environment variable the initialize script fills from the
 * role's `passwordFile`.
 * @module
 */
import { ServiceArgumentError } from '../common/names.js';
import type { PostgresqlDatabase, PostgresqlRole } from './options.js';
import { quoteIdentifier, quoteLiteral } from './quote.js';

const SERVICE = 'postgresql';

/** The bootstrap superuser `initdb -U` creates. */
export const SUPERUSER = 'postgres';

// PostgreSQL truncates longer names (NAMEDATALEN 64), which would make "does it exist?" lie.
const MAX_NAME_BYTES = 63;
const RESERVED_ROLES = new Set(['public', 'none', 'current_user', 'session_user', 'current_role']);

const requireSqlName = (value: string, argument: string): void => {
  if (value === '' || value.includes('\0') || Buffer.byteLength(value) > MAX_NAME_BYTES) {
    throw new ServiceArgumentError(SERVICE, argument, `${JSON.stringify(value)} must be 1 to ${MAX_NAME_BYTES} bytes without NUL`);
  }
};

/** Checks roles: valid, unique, not reserved and not the bootstrap superuser. */
export const requireRoles = (roles: readonly PostgresqlRole[]): void => {
  const seen = new Set<string>();
  roles.forEach((role, i) => {
    const at = `roles[${i}].name`;
    requireSqlName(role.name, at);
    if (role.name === SUPERUSER) throw new ServiceArgumentError(SERVICE, at, `"${SUPERUSER}" is the superuser initdb creates; it is not managed here`);
    if (role.name.startsWith('pg_') || RESERVED_ROLES.has(role.name)) throw new ServiceArgumentError(SERVICE, at, `${JSON.stringify(role.name)} is reserved by PostgreSQL`);
    if (seen.has(role.name)) throw new ServiceArgumentError(SERVICE, at, `${JSON.stringify(role.name)} is declared twice`);
    seen.add(role.name);
  });
};

/** Checks databases: valid, unique, not a template, owned by a declared role or the superuser. */
export const requireDatabases = (databases: readonly PostgresqlDatabase[], roles: readonly PostgresqlRole[]): void => {
  const seen = new Set<string>();
  const owners = new Set([SUPERUSER, ...roles.map((r) => r.name)]);
  databases.forEach((database, i) => {
    const at = `databases[${i}]`;
    requireSqlName(database.name, `${at}.name`);
    if (database.name === 'template0' || database.name === 'template1') throw new ServiceArgumentError(SERVICE, `${at}.name`, `${database.name} is a template database`);
    if (seen.has(database.name)) throw new ServiceArgumentError(SERVICE, `${at}.name`, `${JSON.stringify(database.name)} is declared twice`);
    seen.add(database.name);
    if (database.owner !== undefined && !owners.has(database.owner)) {
      throw new ServiceArgumentError(SERVICE, `${at}.owner`, `${JSON.stringify(database.owner)} is not "${SUPERUSER}" or a role of roles`);
    }
  });
};

/** The environment variable that carries the password of `roles[index]` to psql. */
export const passwordVariable = (index: number): string => `PROCFORM_PASSWORD_${index}`;

const attributes = (role: PostgresqlRole): string => [
  role.login ?? true ? 'LOGIN' : 'NOLOGIN',
  role.superuser ?? false ? 'SUPERUSER' : 'NOSUPERUSER',
  role.createdb ?? false ? 'CREATEDB' : 'NOCREATEDB',
].join(' ');

const roleStatements = (role: PostgresqlRole, index: number): string[] => {
  const name = quoteIdentifier(role.name);
  return [
    `SELECT format('CREATE ROLE %I', ${quoteLiteral(role.name)}) WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${quoteLiteral(role.name)}) \\gexec`,
    `ALTER ROLE ${name} WITH ${attributes(role)};`,
    ...(role.passwordFile === undefined
      ? [`ALTER ROLE ${name} WITH PASSWORD NULL;`]
      : [
          `\\set procform_password \`printf '%s' "$${passwordVariable(index)}"\``,
          `ALTER ROLE ${name} WITH PASSWORD :'procform_password';`,
          '\\unset procform_password',
        ]),
  ];
};

const databaseStatements = (database: PostgresqlDatabase): string[] => {
  const owner = database.owner ?? SUPERUSER;
  return [
    `SELECT format('CREATE DATABASE %I OWNER %I', ${quoteLiteral(database.name)}, ${quoteLiteral(owner)}) WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_database WHERE datname = ${quoteLiteral(database.name)}) \\gexec`,
    `ALTER DATABASE ${quoteIdentifier(database.name)} OWNER TO ${quoteIdentifier(owner)};`,
  ];
};

/** The psql script for `roles` and `databases` (already checked). */
export const renderSetupSql = (name: string, roles: readonly PostgresqlRole[], databases: readonly PostgresqlDatabase[]): string => [
  `-- Roles and databases of PostgreSQL "${name}", applied by procform before each start.`,
  '-- Statements with a password must not reach the server log, whatever the settings say.',
  "SET log_statement = 'none';",
  'SET log_min_duration_statement = -1;',
  "SET client_min_messages = 'warning';",
  ...roles.flatMap(roleStatements),
  ...databases.flatMap(databaseStatements),
  '',
].join('\n');
