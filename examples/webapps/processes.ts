/**
 * The webapps example: one webapp behind a host-based reverse proxy.
 *
 *   npx procform build -f examples/webapps/processes.ts
 *   npx procform build -f examples/webapps/processes.ts --extra-params '{"proxy":"nginx","webappMode":"daemon"}'
 *
 * Ports and user/group ids come from ids.json (see idresources.json); the fallbacks let
 * the model evaluate before any ids are assigned.
 * @module
 */
import { defineProcesses, type ModelParams } from 'procform';
import { createConstructors, type WebappsExtraParams } from './constructors/index.js';

export default defineProcesses((params: ModelParams<WebappsExtraParams>) => {
  const { webapp, reverseProxy } = createConstructors(params);
  const { ids } = params;

  const webappPort = ids.webappPorts?.webapp ?? 5000;
  const webappInstance = {
    pkg: webapp({ port: webappPort }),
    port: webappPort,
    dnsName: 'webapp.local',
    host: params.serviceHost('webapp'),
    requiresUniqueIdsFor: ['webappPorts', 'uids', 'gids'],
  };

  const nginxPort = ids.nginxPorts?.nginx ?? 8080;
  return {
    webapp: webappInstance,
    // Called nginx whichever proxy runs, so the instance, its user and its ids keep the
    // names they have in nix-processmgmt's example.
    nginx: {
      pkg: reverseProxy({ instanceName: 'nginx', port: nginxPort, webapps: [webappInstance] }),
      port: nginxPort,
      requiresUniqueIdsFor: ['nginxPorts', 'uids', 'gids'],
    },
  };
});
