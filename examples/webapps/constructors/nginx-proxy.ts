/**
 * Constructor of an nginx host-based reverse proxy, the counterpart of
 * nix-processmgmt's `nginxReverseProxyHostBased`.
 * @module
 */
import { createManagedProcess, type ManagedProcess, type ProcessParams } from 'procform';
import { nginxConfig, nginxDirectories, nginxPaths } from './nginx-config.js';
import { checkPort, type ReverseProxyOptions } from './reverse-proxy.js';

export { nginxConfig, nginxDirectories, nginxPaths } from './nginx-config.js';
export type { NginxBaseDirs, NginxConfigInput, NginxPaths } from './nginx-config.js';

/** The nginx executable, as Debian and most distributions install it. */
export const nginxExecutable = '/usr/sbin/nginx';

/** The parameters the nginx constructor reads. */
export type NginxParams = Pick<
  ProcessParams,
  'libDir' | 'logDir' | 'runtimeDir' | 'tmpDir' | 'forceDisableUserChange' | 'callingUser' | 'writeFile'
>;

const shellQuote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * Returns the nginx reverse proxy constructor for the given parameters. Each call writes
 * the instance's nginx.conf into the store.
 * @example
 * const nginxReverseProxyHostBased = createNginxReverseProxyHostBased(params);
 * nginxReverseProxyHostBased({ port: 8080, webapps: [webappInstance] });
 */
export const createNginxReverseProxyHostBased =
  (params: NginxParams) =>
  ({ port, webapps, instanceSuffix = '', instanceName = `nginx${instanceSuffix}` }: ReverseProxyOptions): ManagedProcess => {
    checkPort(port, `${instanceName}: listen port`);
    const paths = nginxPaths(instanceName, params);
    // The master must be root to switch its workers to another user; otherwise a `user`
    // line only earns a warning, so leave it out.
    const privileged = !params.forceDisableUserChange && params.callingUser === 'root';
    const configFile = params.writeFile({
      name: 'nginx.conf',
      text: nginxConfig({ port, webapps, paths, user: privileged ? instanceName : undefined }),
    });
    return createManagedProcess({
      instanceName,
      description: 'Nginx reverse proxy',
      initialize: `mkdir -p ${nginxDirectories(paths).map(shellQuote).join(' ')}`,
      process: nginxExecutable,
      // -e: nginx opens its compiled-in error log before it reads the configuration, and
      // that file is usually not writable by an unprivileged user.
      args: ['-p', paths.prefix, '-c', configFile, '-e', paths.errorLog],
      foregroundProcessExtraArgs: ['-g', 'daemon off;'],
      pidFile: paths.pidFile,
      credentials: {
        groups: { [instanceName]: {} },
        users: { [instanceName]: { group: instanceName, description: 'Nginx user' } },
      },
      dependencies: webapps.map((webapp) => webapp.pkg),
      readiness: { kind: 'tcp', port },
      restart: 'always',
    });
  };
