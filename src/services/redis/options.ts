/**
 * The arguments of `redis`.
 * @module
 */
import type { Dependency } from '../../model/process-input.js';
import type { Overrides } from '../../model/overrides.js';

/** A redis.conf value: `true`/`false` are written as yes/no, a list as several arguments. */
export type RedisSettingValue = string | number | boolean | readonly (string | number)[];

/** How Redis keeps its data across restarts. */
export type RedisPersistence = 'aof' | 'rdb' | 'none';

/** Arguments of {@link redis}. */
export interface RedisOptions {
  /** Process and instance name; also names its directories. @default "redis" */
  readonly name?: string;
  /** The TCP port it listens on. @default 6379 */
  readonly port?: number;
  /**
   * IP addresses to listen on.
   * @default ["127.0.0.1"] on one machine; ["0.0.0.0"] where processes reach each other by name (docker's bridge network, Kubernetes)
   */
  readonly bind?: readonly string[];
  /** The account it runs as, created by the deployment. @default name */
  readonly user?: string;
  /** Where its data lives. @default `${libDir}/${name}` */
  readonly dataDir?: string;
  /**
   * `aof`: every write is appended to a log, flushed each second; `rdb`: snapshots on
   * Redis's default schedule (an hour after one change, 5 minutes after 100, a minute after
   * 10000) and at shutdown; `none`: nothing survives a restart.
   * @default "aof"
   */
  readonly persistence?: RedisPersistence;
  /**
   * Further redis.conf directives, such as `{ maxmemory: '64mb', 'maxmemory-policy':
   * 'allkeys-lru' }`. The directives this constructor writes itself (`port`, `bind`, `dir`,
   * `appendonly`, `requirepass`, …) are refused; a `save` here replaces the persistence
   * schedule.
   * @default {}
   */
  readonly settings?: Readonly<Record<string, RedisSettingValue>>;
  /**
   * A file holding the password clients must give (trailing line breaks are not part of
   * it). It is read before every start, as root when user change is on, into files only
   * Redis's account can read in `${runtimeDir}/${name}`: the `requirepass` line Redis
   * includes, and a copy its readiness probe authenticates with. The password never
   * enters the store.
   * @default no password
   */
  readonly passwordFile?: string;
  /** Processes that must be ready first. @default [] */
  readonly dependencies?: readonly Dependency[];
  /** Seconds Redis may take to save and exit after TERM before it is killed. @default 30 */
  readonly stopTimeout?: number;
  /** Per-backend escape hatch, as for `createManagedProcess`. @default {} */
  readonly overrides?: Overrides;
}
