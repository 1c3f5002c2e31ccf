/**
 * PostgreSQL: the server and the SQL scripts (migrations) run against it.
 * @module
 */
export { postgresql } from './postgresql.js';
export { postgresqlScript, type PostgresqlScriptOptions } from './script.js';
export type { PostgresqlAuthMethod, PostgresqlDatabase, PostgresqlHbaRule, PostgresqlOptions, PostgresqlRole, PostgresqlSettingValue } from './options.js';
