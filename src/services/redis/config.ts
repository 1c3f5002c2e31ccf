/**
 * redis.conf of a `redis` service.
 * @module
 */
import type { RedisPersistence, RedisSettingValue } from './options.js';
import { quoteRedis } from './quote.js';

/** Everything redis.conf says. */
export interface RedisConfigInput {
  readonly port: number;
  readonly bind: readonly string[];
  readonly dataDir: string;
  readonly persistence: RedisPersistence;
  /** A file with the `requirepass` line, made before each start; null without a password. */
  readonly passwordInclude: string | null;
  readonly settings: Readonly<Record<string, RedisSettingValue>>;
}

// Redis's own default snapshot schedule: seconds, then changes.
const RDB_SCHEDULE = '3600 1 300 100 60 10000';

const LOOPBACK = /^(127\.|::1$)/;

const value = (v: RedisSettingValue): string => {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return quoteRedis(v);
  return v.map((item) => (typeof item === 'number' ? String(item) : quoteRedis(item))).join(' ');
};

/** The text of redis.conf. */
export const renderRedisConfig = (input: RedisConfigInput): string => [
  `port ${input.port}`,
  `bind ${input.bind.join(' ')}`,
  // Protected mode refuses every client but loopback ones while there is no password; an
  // address given to bind is a wish to be reached there, so it stays on only for loopback.
  `protected-mode ${input.bind.every((address) => LOOPBACK.test(address)) ? 'yes' : 'no'}`,
  'daemonize no',
  // Its log goes to standard output, which the process manager keeps.
  'logfile ""',
  `dir ${quoteRedis(input.dataDir)}`,
  `appendonly ${input.persistence === 'aof' ? 'yes' : 'no'}`,
  `save ${input.persistence === 'rdb' ? RDB_SCHEDULE : '""'}`,
  ...(input.passwordInclude === null ? [] : [`include ${quoteRedis(input.passwordInclude)}`]),
  ...Object.keys(input.settings).sort().map((key) => `${key} ${value(input.settings[key]!)}`),
  '',
].join('\n');
