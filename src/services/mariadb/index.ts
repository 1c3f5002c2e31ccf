/**
 * MariaDB: the server, its databases and accounts.
 * @module
 */
export { mariadb } from './mariadb.js';
export type { MariadbDatabase, MariadbGrant, MariadbOptions, MariadbSettingValue, MariadbUser } from './options.js';
