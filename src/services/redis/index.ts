/**
 * Redis: an in-memory data store, persistent by default.
 * @module
 */
export { redis } from './redis.js';
export type { RedisOptions, RedisPersistence, RedisSettingValue } from './options.js';
