/**
 * `apache`: Apache httpd (Debian's apache2) for static sites and reverse proxies, its
 * configuration in the store and checked with `apache2 -t` when the model is built.
 * @module
 */
import { createManagedProcess, type ManagedProcess } from '../../model/managed-process.js';
import type { ProcessParams } from '../../model/params.js';
import { serviceAccount } from '../common/account.js';
import { requireName, requirePort, ServiceArgumentError } from '../common/names.js';
import { hostPort, probeHost, requireAddress } from '../common/network.js';
import { workersDropPrivileges } from '../common/privilege.js';
import { resolveSites } from '../common/sites.js';
import { renderApacheConfig, type ApachePaths } from './config.js';
import type { ApacheOptions } from './options.js';
import { apacheValueProblem } from './quote.js';

const SERVICE = 'apache';
const APACHE = '/usr/sbin/apache2';

const requireValue = (argument: string, value: string): void => {
  const problem = apacheValueProblem(value);
  if (problem !== undefined) throw new ServiceArgumentError(SERVICE, argument, `${JSON.stringify(value)} ${problem}`);
};

const requireSeconds = (value: number): number => {
  if (!Number.isInteger(value) || value < 1 || value > 3600) throw new ServiceArgumentError(SERVICE, 'stopTimeout', `${value} is not a whole number of seconds from 1 to 3600`);
  return value;
};

const pathsUnder = (serverRoot: string, runtimeDir: string, logs: string): ApachePaths => ({
  serverRoot,
  runtimeDir,
  errorLog: `${logs}/error.log`,
  accessLog: `${logs}/access.log`,
});

/**
 * An Apache web server: Debian's /usr/sbin/apache2 run directly in the foreground with a
 * configuration of its own (event MPM, the modules its sites need), so neither
 * /etc/apache2 nor apache2ctl's environment plays a part.
 *
 * On this machine's process managers, as root, Apache starts as root, binds its port and
 * opens its logs, and its children run as `user`: static roots must be readable by that
 * account. In a container (docker, kubernetes) the whole server runs as `user`; with user
 * change disabled, as the deploying user (then the port must be one that user may bind).
 * Its ServerRoot is `${libDir}/${name}`, its pid file and mutexes are in
 * `${runtimeDir}/${name}`, its error and access logs in `${logDir}/${name}`. It is ready
 * once its port accepts connections; it stops gracefully on WINCH.
 *
 * The build checks the configuration with `apache2 -t` when Apache is installed on the
 * building machine, with the paths above moved to a private directory.
 * @example
 * const web = apache(params, {
 *   port: 8080,
 *   sites: [
 *     { kind: 'static', serverName: 'www.example.com', root: '/srv/www' },
 *     { kind: 'proxy', serverName: 'app.example.com', upstream: { process: api, port: 3000 } },
 *   ],
 * });
 */
export const apache = (params: ProcessParams, options: ApacheOptions): ManagedProcess => {
  const name = requireName(SERVICE, 'name', options.name ?? 'apache');
  const port = requirePort(SERVICE, 'port', options.port);
  const listen = requireAddress(SERVICE, 'listen', options.listen ?? '0.0.0.0');
  const user = requireName(SERVICE, 'user', options.user ?? name);
  const stopTimeout = requireSeconds(options.stopTimeout ?? 10);
  const extraConfig = options.extraConfig ?? '';
  if (extraConfig.includes('\0')) throw new ServiceArgumentError(SERVICE, 'extraConfig', 'contains a NUL character');
  options.sites.forEach((site, i) => {
    if (site.kind !== 'static') return;
    requireValue(`sites[${i}].root`, site.root);
    site.index?.forEach((file, j) => requireValue(`sites[${i}].index[${j}]`, file));
  });
  const { sites, dependencies } = resolveSites(params, SERVICE, options.sites);

  const serverRoot = `${params.libDir}/${name}`;
  const runtimeDir = `${params.runtimeDir}/${name}`;
  const logDir = `${params.logDir}/${name}`;
  for (const [argument, path] of [['params.libDir', serverRoot], ['params.runtimeDir', runtimeDir], ['params.logDir', logDir]] as const) requireValue(argument, path);
  const paths = pathsUnder(serverRoot, runtimeDir, logDir);
  const drop = workersDropPrivileges(params);
  const config = { listen: hostPort(listen, port), port, sites, shutdownTimeout: Math.max(1, Math.floor(stopTimeout / 2)), extraConfig };
  const file = params.writeFile({
    name: 'apache2.conf',
    text: renderApacheConfig({ ...config, paths, user: drop ? user : null }),
    check: {
      command: [APACHE, '-t', '-f', '{file}'],
      text: renderApacheConfig({ ...config, paths: pathsUnder('{dir}', '{dir}', '{dir}'), user: null }),
    },
  });
  return createManagedProcess({
    name,
    description: `${name} (Apache httpd)`,
    foregroundProcess: APACHE,
    args: ['-f', file, '-DFOREGROUND'],
    ...(drop ? {} : { user }),
    credentials: serviceAccount(user),
    stateDirs: [{ path: serverRoot, mode: '0755' }, { path: runtimeDir, mode: '0755' }, { path: logDir, mode: '0750' }],
    readiness: { kind: 'tcp', port, host: probeHost(listen) },
    dependencies: [...dependencies, ...(options.dependencies ?? [])],
    stopSignal: 'WINCH',
    stopTimeout,
    providedBy: 'apache2',
    ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
  });
};
