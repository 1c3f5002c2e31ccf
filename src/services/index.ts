/**
 * `procform/services`: constructors for real services, each a plain function of the
 * model's parameters and typed arguments returning a managed process, so it renders on
 * every backend like a constructor of your own.
 * @module
 */
export { application, type ApplicationOptions } from './application.js';
export { nginx, type NginxOptions } from './nginx/index.js';
export { apache, type ApacheOptions } from './apache/index.js';
export { redis, type RedisOptions, type RedisPersistence, type RedisSettingValue } from './redis/index.js';
export type { Route, Site, Upstream } from './common/sites.js';
export { serviceAccount } from './common/account.js';
export { runAs } from './common/run-as.js';
export { ServiceArgumentError } from './common/names.js';
export {
  postgresql, postgresqlScript,
  type PostgresqlAuthMethod, type PostgresqlDatabase, type PostgresqlHbaRule, type PostgresqlOptions, type PostgresqlRole,
  type PostgresqlScriptOptions, type PostgresqlSettingValue,
} from './postgresql/index.js';
export {
  mariadb,
  type MariadbDatabase, type MariadbGrant, type MariadbOptions, type MariadbSettingValue, type MariadbUser,
} from './mariadb/index.js';
