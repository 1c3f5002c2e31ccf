/**
 * `nginx`: a web server for static sites and reverse proxies, its nginx.conf in the store
 * and checked with `nginx -t` when the model is built.
 * @module
 */
import { createManagedProcess, type ManagedProcess } from '../../model/managed-process.js';
import type { ProcessParams } from '../../model/params.js';
import { serviceAccount } from '../common/account.js';
import { requireName, requirePort, ServiceArgumentError } from '../common/names.js';
import { hostPort, probeHost, requireAddress } from '../common/network.js';
import { workersDropPrivileges } from '../common/privilege.js';
import { resolveSites } from '../common/sites.js';
import { renderNginxConfig, type NginxPaths } from './config.js';
import type { NginxOptions } from './options.js';
import { nginxValueProblem } from './quote.js';

const SERVICE = 'nginx';
const NGINX = '/usr/sbin/nginx';

const requireValue = (argument: string, value: string, variables: boolean): void => {
  const problem = nginxValueProblem(value, variables);
  if (problem !== undefined) throw new ServiceArgumentError(SERVICE, argument, `${JSON.stringify(value)} ${problem}`);
};

const requireCount = (argument: string, value: number, max: number): number => {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new ServiceArgumentError(SERVICE, argument, `${value} is not a whole number from 1 to ${max}`);
  return value;
};

const pathsUnder = (runtime: string, logs: string, temp: string): NginxPaths => ({
  pidFile: `${runtime}/nginx.pid`,
  errorLog: `${logs}/error.log`,
  accessLog: `${logs}/access.log`,
  tempDir: temp,
});

/**
 * An nginx web server.
 *
 * On this machine's process managers, as root, nginx starts as root, binds its port and
 * opens its logs, and its workers run as `user`: static roots must be readable by that
 * account. In a container (docker, kubernetes) the whole server runs as `user`; with user
 * change disabled, as the deploying user (then the port must be one that user may bind,
 * above 1024 usually). Its pid file is in `${runtimeDir}/${name}`, its error and access
 * logs in `${logDir}/${name}`, its temp files in `${libDir}/${name}`. It is ready once
 * its port accepts connections; it stops gracefully on QUIT.
 *
 * The build checks the configuration with `nginx -t` when nginx is installed on the
 * building machine, with the paths above moved to a private directory and every upstream
 * host written as 127.0.0.1, since whether a host name resolves where the model is built
 * says nothing about where nginx runs.
 * @example
 * const web = nginx(params, {
 *   port: 8080,
 *   sites: [
 *     { kind: 'static', serverName: 'www.example.com', root: '/srv/www' },
 *     { kind: 'proxy', serverName: 'app.example.com', upstream: { process: api, port: 3000 } },
 *     { kind: 'paths', routes: [{ path: '/api', upstream: { process: api, port: 3000 } }] },
 *   ],
 * });
 */
export const nginx = (params: ProcessParams, options: NginxOptions): ManagedProcess => {
  const name = requireName(SERVICE, 'name', options.name ?? 'nginx');
  const port = requirePort(SERVICE, 'port', options.port);
  const listen = requireAddress(SERVICE, 'listen', options.listen ?? '0.0.0.0');
  const user = requireName(SERVICE, 'user', options.user ?? name);
  const workerProcesses = requireCount('workerProcesses', options.workerProcesses ?? 1, 1024);
  const stopTimeout = requireCount('stopTimeout', options.stopTimeout ?? 10, 3600);
  const extraHttpConfig = options.extraHttpConfig ?? '';
  requireValue('extraHttpConfig', extraHttpConfig, false);
  options.sites.forEach((site, i) => {
    if (site.kind !== 'static') return;
    requireValue(`sites[${i}].root`, site.root, true);
    site.index?.forEach((file, j) => requireValue(`sites[${i}].index[${j}]`, file, true));
  });
  const { sites, dependencies } = resolveSites(params, SERVICE, options.sites);

  const stateDir = `${params.libDir}/${name}`;
  const runtimeDir = `${params.runtimeDir}/${name}`;
  const logDir = `${params.logDir}/${name}`;
  const paths = pathsUnder(runtimeDir, logDir, stateDir);
  // They come from the deployment's directories, which nginx reads in variable-expanding directives too.
  for (const [argument, path] of [['params.libDir', stateDir], ['params.runtimeDir', runtimeDir], ['params.logDir', logDir]] as const) requireValue(argument, path, true);
  const drop = workersDropPrivileges(params);
  const config = {
    workerProcesses,
    shutdownTimeout: Math.max(1, Math.floor(stopTimeout / 2)),
    listen: hostPort(listen, port),
    sites,
    extraHttpConfig,
  };
  const file = params.writeFile({
    name: 'nginx.conf',
    text: renderNginxConfig({ ...config, paths, user: drop ? user : null }),
    check: {
      command: [NGINX, '-t', '-q', '-p', '{dir}', '-c', '{file}', '-e', '{dir}/error.log'],
      text: renderNginxConfig({ ...config, paths: pathsUnder('{dir}', '{dir}', '{dir}'), user: null, upstreamHost: () => '127.0.0.1' }),
    },
  });
  return createManagedProcess({
    name,
    description: `${name} (nginx)`,
    foregroundProcess: NGINX,
    args: ['-p', stateDir, '-c', file, '-e', paths.errorLog],
    ...(drop ? {} : { user }),
    credentials: serviceAccount(user),
    // Workers reach their temp directories through the state directory, which belongs to
    // root when the master runs as root.
    stateDirs: [{ path: stateDir, mode: '0755' }, { path: runtimeDir, mode: '0755' }, { path: logDir, mode: '0750' }],
    readiness: { kind: 'tcp', port, host: probeHost(listen) },
    dependencies: [...dependencies, ...(options.dependencies ?? [])],
    stopSignal: 'QUIT',
    stopTimeout,
    providedBy: 'nginx',
    ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
  });
};
