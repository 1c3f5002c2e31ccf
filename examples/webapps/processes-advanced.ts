/**
 * The advanced webapps example: six webapps behind two reverse proxies, `nginx`
 * (webapp1-4) and `nginx2` (webapp5-6).
 *
 *   npx procform build -f examples/webapps/processes-advanced.ts
 *
 * Ports and user/group ids come from ids-advanced.json; the fallbacks let the model
 * evaluate before any ids are assigned and never collide with each other.
 * @module
 */
import { defineProcesses, type ModelParams } from 'procform';
import { createConstructors, type ProxiedWebapp, type WebappsExtraParams } from './constructors/index.js';

export default defineProcesses((params: ModelParams<WebappsExtraParams>) => {
  const { webapp, reverseProxy } = createConstructors(params);
  const { ids } = params;

  const webappInstance = (suffix: number) => {
    const instanceName = `webapp${suffix}`;
    const port = ids.webappPorts?.[instanceName] ?? 5000 + suffix;
    return {
      pkg: webapp({ port, instanceSuffix: String(suffix) }),
      port,
      dnsName: `${instanceName}.local`,
      host: params.serviceHost(instanceName),
      requiresUniqueIdsFor: ['webappPorts', 'uids', 'gids'],
    };
  };

  // Named nginx/nginx2 whichever proxy runs, so the instances, their users and their ids
  // keep the names they have in nix-processmgmt's example.
  const proxyInstance = (instanceName: string, fallbackPort: number, webapps: readonly ProxiedWebapp[]) => {
    const port = ids.nginxPorts?.[instanceName] ?? fallbackPort;
    return {
      pkg: reverseProxy({ instanceName, port, webapps }),
      port,
      requiresUniqueIdsFor: ['nginxPorts', 'uids', 'gids'],
    };
  };

  const webapp1 = webappInstance(1);
  const webapp2 = webappInstance(2);
  const webapp3 = webappInstance(3);
  const webapp4 = webappInstance(4);
  const webapp5 = webappInstance(5);
  const webapp6 = webappInstance(6);

  return {
    webapp1,
    webapp2,
    webapp3,
    webapp4,
    webapp5,
    webapp6,
    nginx: proxyInstance('nginx', 8080, [webapp1, webapp2, webapp3, webapp4]),
    nginx2: proxyInstance('nginx2', 8081, [webapp5, webapp6]),
  };
});
