/**
 * nginx `server` blocks for the sites of an `nginx` service: one per site, the default
 * site (or a 404 answer) first and marked `default_server`.
 * @module
 */
import type { ResolvedSite, ResolvedUpstream } from '../common/sites.js';
import { hostPort } from '../common/network.js';
import { quoteNginx } from './quote.js';

/** What the blocks need besides the sites. */
export interface ServerBlocksInput {
  /** `address:port` of every `listen`. */
  readonly listen: string;
  readonly sites: readonly ResolvedSite[];
  /** The host written for an upstream; the build's check puts a local address in its place. */
  readonly upstreamHost: (upstream: ResolvedUpstream) => string;
}

const proxyPass = (input: ServerBlocksInput, upstream: ResolvedUpstream): string =>
  `proxy_pass ${quoteNginx(`http://${hostPort(input.upstreamHost(upstream), upstream.port)}`)};`;

// A route takes its path and the paths below it, not every path that starts with the same
// letters as nginx's bare prefix location would: the exact path, then the prefix with "/".
const locations = (path: string): string[] => (path === '/' ? ['/'] : [`= ${quoteNginx(path)}`, quoteNginx(`${path}/`)]);

const siteBody = (input: ServerBlocksInput, site: ResolvedSite): string[] => {
  switch (site.kind) {
    case 'static':
      return [`root ${quoteNginx(site.root)};`, `index ${site.index.map(quoteNginx).join(' ')};`];
    case 'proxy':
      return ['location / {', `  ${proxyPass(input, site.upstream)}`, '}'];
    case 'paths':
      return site.routes.flatMap((route) => locations(route.path).flatMap((location) => [`location ${location} {`, `  ${proxyPass(input, route.upstream)}`, '}']));
  }
};

const server = (input: ServerBlocksInput, serverName: string | null, body: readonly string[]): string[] => [
  'server {',
  `  listen ${input.listen}${serverName === null ? ' default_server' : ''};`,
  ...(serverName === null ? [] : [`  server_name ${quoteNginx(serverName)};`]),
  ...body.map((line) => `  ${line}`),
  '}',
];

/** The `server` blocks, as lines of the `http` block (not indented). */
export const serverBlocks = (input: ServerBlocksInput): string[] => {
  const hasDefault = input.sites.some((site) => site.serverName === null);
  return [
    ...(hasDefault ? [] : server(input, null, ['return 404;'])),
    ...input.sites.flatMap((site) => server(input, site.serverName, siteBody(input, site))),
  ];
};
