/**
 * `redis`: a Redis server with its chores done: its own account, redis.conf in the store,
 * persistence on by default, an optional password kept out of the store, readiness once it
 * answers.
 * @module
 */
import { createManagedProcess, type ManagedProcess } from '../../model/managed-process.js';
import type { ProcessParams } from '../../model/params.js';
import { quoteShell } from '../../render/shell.js';
import { serviceAccount } from '../common/account.js';
import { requireName, requirePath, requirePort, ServiceArgumentError } from '../common/names.js';
import { probeHost, requireAddress } from '../common/network.js';
import { renderRedisConfig } from './config.js';
import type { RedisOptions, RedisPersistence, RedisSettingValue } from './options.js';
import { passwordStep } from './password.js';

const SERVICE = 'redis';
const SERVER = '/usr/bin/redis-server';
const CLI = '/usr/bin/redis-cli';

const SETTING = /^[a-z][a-z0-9-]*$/;
// Written by the constructor from its own arguments; a second line would silently win.
const OWN = new Set(['port', 'bind', 'protected-mode', 'daemonize', 'logfile', 'dir', 'appendonly', 'include', 'requirepass', 'pidfile', 'supervised']);
const PERSISTENCE: readonly RedisPersistence[] = ['aof', 'rdb', 'none'];

const requireSettings = (settings: Readonly<Record<string, RedisSettingValue>>): Readonly<Record<string, RedisSettingValue>> => {
  for (const [key, value] of Object.entries(settings)) {
    if (!SETTING.test(key)) throw new ServiceArgumentError(SERVICE, `settings[${JSON.stringify(key)}]`, 'is not a redis.conf directive name (lowercase letters, digits and "-")');
    if (OWN.has(key)) throw new ServiceArgumentError(SERVICE, `settings.${key}`, 'is set by redis itself from its arguments (port, bind, dataDir, persistence, passwordFile)');
    const items = Array.isArray(value) ? value : [value];
    if (items.some((item) => typeof item === 'number' && !Number.isFinite(item))) throw new ServiceArgumentError(SERVICE, `settings.${key}`, `${String(value)} is not a number redis.conf can hold`);
  }
  return settings;
};

// PONG is ready; LOADING (its data still being read) is not. With a password the probe
// must authenticate, or every answer would be NOAUTH, loading or not.
const readiness = (host: string, port: number, passwordCopy: string | null) => {
  const ping = `test "$(${CLI} -h ${quoteShell(host)} -p ${port} ping 2>/dev/null)" = PONG`;
  const auth = passwordCopy === null ? '' : `REDISCLI_AUTH=$(cat ${quoteShell(passwordCopy)}) && export REDISCLI_AUTH && `;
  return { kind: 'exec' as const, command: ['/bin/sh', '-c', `${auth}${ping}`] };
};

/**
 * A Redis server: /usr/bin/redis-server in the foreground on redis.conf in the store, as
 * its own account, with its data in `dataDir`. It is ready once `redis-cli ping` answers
 * PONG (not while it is still loading its data) and it stops on TERM, which makes Redis
 * write its data before it exits.
 * @example
 * const cache = redis(params, { name: 'cache', passwordFile: '/etc/app/redis-password' });
 */
export const redis = (params: ProcessParams, options: RedisOptions = {}): ManagedProcess => {
  const name = requireName(SERVICE, 'name', options.name ?? 'redis');
  const port = requirePort(SERVICE, 'port', options.port ?? 6379);
  const bind = options.bind ?? [params.serviceHost(name) === 'localhost' ? '127.0.0.1' : '0.0.0.0'];
  if (bind.length === 0) throw new ServiceArgumentError(SERVICE, 'bind', 'needs at least one address');
  bind.forEach((address, i) => requireAddress(SERVICE, `bind[${i}]`, address));
  const user = requireName(SERVICE, 'user', options.user ?? name);
  const dataDir = requirePath(SERVICE, 'dataDir', options.dataDir ?? `${params.libDir}/${name}`);
  const persistence = options.persistence ?? 'aof';
  if (!PERSISTENCE.includes(persistence)) throw new ServiceArgumentError(SERVICE, 'persistence', `${JSON.stringify(persistence)} is not "aof", "rdb" or "none"`);
  const settings = requireSettings(options.settings ?? {});
  const passwordFile = options.passwordFile === undefined ? undefined : requirePath(SERVICE, 'passwordFile', options.passwordFile);
  const stopTimeout = options.stopTimeout ?? 30;
  if (!(stopTimeout > 0)) throw new ServiceArgumentError(SERVICE, 'stopTimeout', `${stopTimeout} is not a positive number of seconds`);

  const runtimeDir = `${params.runtimeDir}/${name}`;
  const include = passwordFile === undefined ? null : `${runtimeDir}/password.conf`;
  const copy = passwordFile === undefined ? null : `${runtimeDir}/password`;
  const file = params.writeFile({ name: 'redis.conf', text: renderRedisConfig({ port, bind, dataDir, persistence, passwordInclude: include, settings }) });
  return createManagedProcess({
    name,
    description: `${name} (Redis)`,
    foregroundProcess: SERVER,
    args: [file],
    user,
    credentials: serviceAccount(user),
    stateDirs: [{ path: dataDir, mode: '0750' }, ...(include === null ? [] : [{ path: runtimeDir, mode: '0700' }])],
    ...(include === null ? {} : { initialize: passwordStep({ passwordFile: passwordFile!, include, copy: copy!, owner: params.forceDisableUserChange ? null : user }) }),
    readiness: readiness(probeHost(bind[0]!), port, copy),
    dependencies: options.dependencies ?? [],
    stopSignal: 'TERM',
    stopTimeout,
    providedBy: 'redis-server',
    ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
  });
};
