/**
 * The configuration of an `apache` service: self-contained (it includes nothing from
 * /etc/apache2 and needs none of the APACHE_* variables apache2ctl sets), from one
 * function of the paths it writes to, so the file the build checks with `apache2 -t` and
 * the file Apache runs differ only in those paths (and in the `User` and `Group` lines,
 * which name an account that may not exist yet at build time).
 * @module
 */
import type { ResolvedSite } from '../common/sites.js';
import { quoteApache } from './quote.js';
import { virtualHosts } from './sites.js';

/** Where Apache keeps its files. */
export interface ApachePaths {
  /** ServerRoot: an existing directory, which relative paths would start from. */
  readonly serverRoot: string;
  /** Pid file, mutexes and other runtime files go here. */
  readonly runtimeDir: string;
  readonly errorLog: string;
  readonly accessLog: string;
}

/** Everything the configuration says. */
export interface ApacheConfigInput {
  readonly paths: ApachePaths;
  /** The account child processes switch to; null when Apache runs as one user throughout. */
  readonly user: string | null;
  /** `address:port` to listen on. */
  readonly listen: string;
  readonly port: number;
  readonly sites: readonly ResolvedSite[];
  /** Seconds children may spend finishing requests after WINCH. */
  readonly shutdownTimeout: number;
  /** Appended as it is. */
  readonly extraConfig: string;
}

/** The server's own name, which no site can be asked for. */
export const UNNAMED = 'unnamed.invalid';

/** Debian's directory of Apache modules. */
export const MODULE_DIR = '/usr/lib/apache2/modules';

// What the sites need; Debian builds log_config and unixd into the binary.
const MODULES: readonly (readonly [string, string])[] = [
  ['mpm_event_module', 'mod_mpm_event.so'],
  ['authz_core_module', 'mod_authz_core.so'],
  ['alias_module', 'mod_alias.so'],
  ['dir_module', 'mod_dir.so'],
  ['mime_module', 'mod_mime.so'],
  ['headers_module', 'mod_headers.so'],
  ['proxy_module', 'mod_proxy.so'],
  ['proxy_http_module', 'mod_proxy_http.so'],
];

/** The text of the configuration file. */
export const renderApacheConfig = (input: ApacheConfigInput): string => {
  const { paths } = input;
  return [
    `ServerRoot ${quoteApache(paths.serverRoot)}`,
    `DefaultRuntimeDir ${quoteApache(paths.runtimeDir)}`,
    `PidFile ${quoteApache(`${paths.runtimeDir}/apache2.pid`)}`,
    `Mutex ${quoteApache(`file:${paths.runtimeDir}`)} default`,
    `ErrorLog ${quoteApache(paths.errorLog)}`,
    ...(input.user === null ? [] : [`User ${quoteApache(input.user)}`, `Group ${quoteApache(input.user)}`]),
    // A reserved name (RFC 2606) that no request carries: virtual hosts without a name of
    // their own inherit it, so a request for "localhost" goes to a site that names it.
    `ServerName ${quoteApache(UNNAMED)}`,
    'ServerTokens Prod',
    `Listen ${input.listen}`,
    ...MODULES.map(([id, file]) => `LoadModule ${id} ${quoteApache(`${MODULE_DIR}/${file}`)}`),
    // Debian's media-types, a dependency of its apache2 package.
    'TypesConfig "/etc/mime.types"',
    'LogFormat "%h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined',
    `CustomLog ${quoteApache(paths.accessLog)} combined`,
    'Timeout 60',
    'ProxyTimeout 60',
    `GracefulShutdownTimeout ${input.shutdownTimeout}`,
    ...virtualHosts(input.port, input.sites),
    // As written: re-indenting could change a directive that continues over lines.
    ...(input.extraConfig === '' ? [] : [input.extraConfig.replace(/\n*$/, '')]),
    '',
  ].join('\n');
};
