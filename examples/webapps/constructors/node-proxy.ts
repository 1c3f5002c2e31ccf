/**
 * Constructor of the Node reverse proxy (`bin/proxy.js`), the default proxy of the
 * example because it needs nothing but Node.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { createManagedProcess, type ManagedProcess } from 'procform';
import { checkPort, checkRoutes, upstreamHost, type ReverseProxyOptions } from './reverse-proxy.js';

/** Absolute path of the proxy executable. */
export const proxyExecutable = fileURLToPath(new URL('../bin/proxy.js', import.meta.url));

// "host=port" on one machine keeps the arguments the proxy has always had.
const routeTarget = (route: Parameters<typeof upstreamHost>[0]): string => {
  const host = upstreamHost(route);
  return host === '127.0.0.1' ? String(route.port) : `${host}:${route.port}`;
};

/**
 * A host-based reverse proxy in front of `webapps`. It runs in the foreground only;
 * managers that prefer daemons wrap it themselves.
 * @example
 * nodeProxy({ port: 8080, webapps: [{ pkg, port: 5000, dnsName: 'webapp.local' }] });
 */
export const nodeProxy = ({
  port,
  webapps,
  instanceSuffix = '',
  instanceName = `proxy${instanceSuffix}`,
}: ReverseProxyOptions): ManagedProcess => {
  checkPort(port, `${instanceName}: listen port`);
  checkRoutes(webapps);
  return createManagedProcess({
    instanceName,
    description: 'Host-based reverse proxy',
    foregroundProcess: proxyExecutable,
    args: ['--listen', String(port), ...webapps.flatMap((route) => ['--route', `${route.dnsName}=${routeTarget(route)}`])],
    // Unlike nginx, the proxy needs no root to start, so it runs as its own user throughout.
    user: instanceName,
    credentials: {
      groups: { [instanceName]: {} },
      users: { [instanceName]: { group: instanceName, description: 'Reverse proxy' } },
    },
    dependencies: webapps.map((webapp) => webapp.pkg),
    readiness: { kind: 'tcp', port },
    restart: 'always',
  });
};
