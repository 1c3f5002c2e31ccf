/**
 * nginx.conf of an `nginx` service, from one function of the paths it writes to, so the
 * file the build checks with `nginx -t` and the file nginx runs differ only in those paths
 * (and in the `user` line, which names an account that may not exist yet at build time).
 * @module
 */
import type { ResolvedSite, ResolvedUpstream } from '../common/sites.js';
import { quoteNginx } from './quote.js';
import { serverBlocks } from './sites.js';

/** Where nginx writes. */
export interface NginxPaths {
  readonly pidFile: string;
  readonly errorLog: string;
  readonly accessLog: string;
  /** Parent of the request-body and proxy temp directories, which nginx creates. */
  readonly tempDir: string;
}

/** Everything nginx.conf says. */
export interface NginxConfigInput {
  readonly paths: NginxPaths;
  /** The account workers switch to; null when nginx runs as one user throughout. */
  readonly user: string | null;
  readonly workerProcesses: number;
  /** Seconds workers may spend finishing requests after QUIT. */
  readonly shutdownTimeout: number;
  /** `address:port` to listen on. */
  readonly listen: string;
  readonly sites: readonly ResolvedSite[];
  /** Appended to the `http` block as it is. */
  readonly extraHttpConfig: string;
  /** The host written for an upstream. @default the upstream's host */
  readonly upstreamHost?: (upstream: ResolvedUpstream) => string;
}

const TEMP_DIRECTIVES = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'] as const;

// Proxy settings for every proxied location: the client's view of the request, and a
// bounded wait for an upstream that hangs.
const PROXY = [
  'proxy_http_version 1.1;',
  'proxy_set_header Host $http_host;',
  'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
  'proxy_set_header X-Forwarded-Proto $scheme;',
  'proxy_set_header X-Forwarded-Host $http_host;',
  'proxy_connect_timeout 10s;',
  'proxy_send_timeout 60s;',
  'proxy_read_timeout 60s;',
];

/** The text of nginx.conf. */
export const renderNginxConfig = (input: NginxConfigInput): string => {
  const { paths } = input;
  const http = [
    // Debian's nginx-common ships the table of file types; the server's own package brings it.
    'include "/etc/nginx/mime.types";',
    'default_type application/octet-stream;',
    `access_log ${quoteNginx(paths.accessLog)};`,
    ...TEMP_DIRECTIVES.map((kind) => `${kind}_temp_path ${quoteNginx(`${paths.tempDir}/${kind}_temp`)};`),
    'sendfile on;',
    'server_tokens off;',
    ...PROXY,
    ...serverBlocks({ listen: input.listen, sites: input.sites, upstreamHost: input.upstreamHost ?? ((u) => u.host) }),
  ];
  return [
    'daemon off;',
    `worker_processes ${input.workerProcesses};`,
    // Workers finish what they serve on QUIT, but no longer than the stop timeout allows.
    `worker_shutdown_timeout ${input.shutdownTimeout}s;`,
    `pid ${quoteNginx(paths.pidFile)};`,
    `error_log ${quoteNginx(paths.errorLog)};`,
    ...(input.user === null ? [] : [`user ${quoteNginx(input.user)} ${quoteNginx(input.user)};`]),
    'events {',
    '  worker_connections 512;',
    '}',
    'http {',
    ...http.map((line) => `  ${line}`),
    // As written: re-indenting could change a string that spans lines.
    ...(input.extraHttpConfig === '' ? [] : [input.extraHttpConfig.replace(/\n*$/, '')]),
    '}',
    '',
  ].join('\n');
};
