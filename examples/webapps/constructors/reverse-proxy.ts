/**
 * What the two reverse proxy constructors (Node and nginx) have in common: their
 * instance parameters and the check of their routes.
 * @module
 */
import type { ManagedProcess } from 'procform';

/** A route of a host-based reverse proxy: requests for `dnsName` go to `host`:`port`. */
export interface Route {
  readonly dnsName: string;
  readonly port: number;
  /**
   * Where the webapp is reachable: the model passes `params.serviceHost(instanceName)`,
   * which is a container or Service name when the processes do not share one machine.
   * @default "localhost"
   */
  readonly host?: string;
}

/**
 * The address a proxy connects to for a route: 127.0.0.1 on one machine, because
 * "localhost" may resolve to ::1 first while the webapps listen on IPv4.
 */
export const upstreamHost = (route: Route): string =>
  route.host === undefined || route.host === 'localhost' ? '127.0.0.1' : route.host;

/** A webapp instance of the processes model, as a reverse proxy receives it. */
export interface ProxiedWebapp extends Route {
  /** The webapp's process; the proxy depends on it so it starts after its webapps. */
  readonly pkg: ManagedProcess;
}

/** Instance parameters of a reverse proxy. */
export interface ReverseProxyOptions {
  /** TCP port the proxy listens on. */
  readonly port: number;
  /** The webapps to route to, by their `dnsName`. */
  readonly webapps: readonly ProxiedWebapp[];
  /** Appended to the default instance name, to run several proxies side by side. @default "" */
  readonly instanceSuffix?: string;
  /** Also the name of the proxy's user and group. @default the constructor's name + instanceSuffix */
  readonly instanceName?: string;
}

// One or more dot-separated DNS labels. Being this strict also keeps host names from
// injecting anything into a generated configuration file.
const DNS_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** Throws unless `port` is a TCP port number. */
export const checkPort = (port: number, what: string): void => {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${what}: ${JSON.stringify(port)} is not a TCP port (1-65535)`);
  }
};

/**
 * Throws on a route a proxy cannot serve: a malformed host name, a bad port, or a host
 * routed twice (host names compare case-insensitively, as HTTP does).
 */
export const checkRoutes = (routes: readonly Route[]): void => {
  const seen = new Set<string>();
  for (const { dnsName, port, host } of routes) {
    if (!DNS_NAME.test(dnsName)) throw new Error(`${JSON.stringify(dnsName)} is not a valid DNS name`);
    if (host !== undefined && !DNS_NAME.test(host)) throw new Error(`upstream host ${JSON.stringify(host)} of ${dnsName} is not a valid DNS name`);
    checkPort(port, `port of ${dnsName}`);
    const key = dnsName.toLowerCase();
    if (seen.has(key)) throw new Error(`${dnsName} is routed twice`);
    seen.add(key);
  }
};
