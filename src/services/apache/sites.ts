/**
 * Apache `<VirtualHost>` sections for the sites of an `apache` service: the default site
 * (or a 404 answer) first, as Apache takes the first virtual host of an address for
 * requests no `ServerName` matches.
 * @module
 */
import { hostPort } from '../common/network.js';
import type { ResolvedSite, ResolvedUpstream } from '../common/sites.js';
import { quoteApache } from './quote.js';

const url = (upstream: ResolvedUpstream, path: string): string => `http://${hostPort(upstream.host, upstream.port)}${path}`;

// Apache's proxy already adds X-Forwarded-For and X-Forwarded-Host; the rest is said here.
const PROXY_HEADERS = ['ProxyPreserveHost On', 'RequestHeader set X-Forwarded-Proto "http"'];

const proxyPass = (path: string, upstream: ResolvedUpstream): string[] => {
  const target = quoteApache(url(upstream, path));
  return [`ProxyPass ${quoteApache(path)} ${target}`, `ProxyPassReverse ${quoteApache(path)} ${target}`];
};

// Everything nothing else takes: without it Apache would serve its compiled-in document root.
const NOT_FOUND = 'Redirect 404 "/"';

const siteBody = (site: ResolvedSite): string[] => {
  switch (site.kind) {
    case 'static':
      return [`Alias "/" ${quoteApache(`${site.root.replace(/\/+$/, '')}/`)}`, `DirectoryIndex ${site.index.map(quoteApache).join(' ')}`];
    case 'proxy':
      return [...PROXY_HEADERS, ...proxyPass('/', site.upstream)];
    case 'paths':
      return [
        ...PROXY_HEADERS,
        // Apache takes the first ProxyPass that matches; the routes come longest first.
        ...site.routes.flatMap((route) => proxyPass(route.path, route.upstream)),
        ...(site.routes.some((route) => route.path === '/') ? [] : [NOT_FOUND]),
      ];
  }
};

// Only ServerAlias takes a wildcard; a virtual host without ServerName keeps the server's,
// which no request names.
const names = (serverName: string | null): string[] => {
  if (serverName === null) return [];
  return [`${serverName.startsWith('*.') ? 'ServerAlias' : 'ServerName'} ${quoteApache(serverName)}`];
};

const virtualHost = (port: number, serverName: string | null, body: readonly string[]): string[] => [
  `<VirtualHost *:${port}>`,
  ...[...names(serverName), ...body].map((line) => `  ${line}`),
  '</VirtualHost>',
];

/** The `<VirtualHost>` sections of `sites` on `port`. */
export const virtualHosts = (port: number, sites: readonly ResolvedSite[]): string[] => {
  const hasDefault = sites.some((site) => site.serverName === null);
  return [
    ...(hasDefault ? [] : virtualHost(port, null, [NOT_FOUND])),
    ...sites.flatMap((site) => virtualHost(port, site.serverName, siteBody(site))),
  ];
};
