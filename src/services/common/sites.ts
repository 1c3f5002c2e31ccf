/**
 * The sites a web server serves, shared by `nginx` and `apache`: static files, a host-based
 * reverse proxy and a path-based one. A site names its upstream by process, so the server
 * reaches it under the host name the backend gives that process and starts after it.
 * @module
 */
import type { ManagedProcess } from '../../model/managed-process.js';
import type { ProcessParams } from '../../model/params.js';
import { requirePath, requirePort, ServiceArgumentError } from './names.js';
import { requireHost } from './network.js';

/**
 * Where a proxy sends requests: a process of the model (reached at
 * `params.serviceHost(its instance)`, and the web server depends on it) or a fixed host.
 */
export type Upstream =
  | {
      /** The process that answers; its `instanceName` (else `name`) picks the host. */
      readonly process: ManagedProcess;
      /** The port it listens on. */
      readonly port: number;
    }
  | {
      /** A host name or IP address. */
      readonly host: string;
      /** The port it listens on. */
      readonly port: number;
    };

/** One route of a path-based proxy. */
export interface Route {
  /**
   * A URL path starting with "/", such as "/api": it takes that path and every path below
   * it ("/api/users", not "/apis"), the longest matching route wins, and the request's
   * path reaches the upstream unchanged. "/" takes everything no other route takes. Letters,
   * digits and `-._~!$&'()*+,;=:@/` only (the characters a URL path carries without
   * percent-encoding), and no "/" at the end but for "/" itself.
   */
  readonly path: string;
  /** Where its requests go. */
  readonly upstream: Upstream;
}

/**
 * A site. Without `serverName` it is the default site, which answers requests for any host
 * no other site names (at most one site may omit it); with none, such requests get 404.
 * Proxies pass the client's `Host`, `X-Forwarded-For`, `X-Forwarded-Proto` and
 * `X-Forwarded-Host`, and give up on an upstream that does not answer within 60 s.
 */
export type Site =
  | {
      readonly kind: 'static';
      /** The host name it answers to (`*.example.com` for any subdomain). @default the default site */
      readonly serverName?: string;
      /** The directory whose files it serves. */
      readonly root: string;
      /** Files served for a directory. @default ["index.html"] */
      readonly index?: readonly string[];
    }
  | {
      readonly kind: 'proxy';
      /** The host name it answers to (`*.example.com` for any subdomain). @default the default site */
      readonly serverName?: string;
      /** Where every request of this host goes. */
      readonly upstream: Upstream;
    }
  | {
      readonly kind: 'paths';
      /** The host name it answers to (`*.example.com` for any subdomain). @default the default site */
      readonly serverName?: string;
      /** Routes by URL path; a path no route takes gets 404. */
      readonly routes: readonly Route[];
    };

/** An upstream as a configuration writes it. */
export interface ResolvedUpstream {
  readonly host: string;
  readonly port: number;
}

/** A site after its checks: the default site has `serverName` null, routes are longest first. */
export type ResolvedSite =
  | { readonly kind: 'static'; readonly serverName: string | null; readonly root: string; readonly index: readonly string[] }
  | { readonly kind: 'proxy'; readonly serverName: string | null; readonly upstream: ResolvedUpstream }
  | { readonly kind: 'paths'; readonly serverName: string | null; readonly routes: readonly { readonly path: string; readonly upstream: ResolvedUpstream }[] };

/** What a web server's configuration is made of. */
export interface ResolvedSites {
  /** The default site first, then the others in the order given. */
  readonly sites: readonly ResolvedSite[];
  /** The processes the sites proxy to. */
  readonly dependencies: readonly ManagedProcess[];
}

// A DNS name, optionally a wildcard for its subdomains; nothing either server reads as a pattern.
const SERVER_NAME = /^(?:\*\.)?[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*$/;
const ROUTE_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;
const FILE_NAME = /^[^/\0\n\r]+$/;

const resolveUpstream = (params: ProcessParams, service: string, at: string, upstream: Upstream, dependencies: ManagedProcess[]): ResolvedUpstream => {
  const port = requirePort(service, `${at}.port`, upstream.port);
  if ('process' in upstream) {
    const instance = upstream.process.instanceName ?? upstream.process.name;
    if (instance === undefined) throw new ServiceArgumentError(service, `${at}.process`, 'has neither instanceName nor name, so its host cannot be known');
    dependencies.push(upstream.process);
    return { host: requireHost(service, `${at}.process`, params.serviceHost(instance)), port };
  }
  return { host: requireHost(service, `${at}.host`, upstream.host), port };
};

const resolveSite = (params: ProcessParams, service: string, at: string, site: Site, dependencies: ManagedProcess[]): ResolvedSite => {
  const serverName = site.serverName ?? null;
  if (serverName !== null && !SERVER_NAME.test(serverName)) {
    throw new ServiceArgumentError(service, `${at}.serverName`, `${JSON.stringify(serverName)} must be a host name, optionally starting with "*."`);
  }
  switch (site.kind) {
    case 'static': {
      const index = site.index ?? ['index.html'];
      index.forEach((file, i) => {
        if (!FILE_NAME.test(file)) throw new ServiceArgumentError(service, `${at}.index[${i}]`, `${JSON.stringify(file)} must be a file name (no "/", NUL or line break)`);
      });
      return { kind: 'static', serverName, root: requirePath(service, `${at}.root`, site.root), index };
    }
    case 'proxy':
      return { kind: 'proxy', serverName, upstream: resolveUpstream(params, service, `${at}.upstream`, site.upstream, dependencies) };
    case 'paths': {
      const seen = new Set<string>();
      const routes = site.routes.map((route, i) => {
        if (!ROUTE_PATH.test(route.path)) {
          throw new ServiceArgumentError(service, `${at}.routes[${i}].path`, `${JSON.stringify(route.path)} must start with "/" and hold only letters, digits and -._~!$&'()*+,;=:@/`);
        }
        if (route.path !== '/' && route.path.endsWith('/')) {
          throw new ServiceArgumentError(service, `${at}.routes[${i}].path`, `${JSON.stringify(route.path)} must not end with "/": a route already takes every path below it`);
        }
        if (seen.has(route.path)) throw new ServiceArgumentError(service, `${at}.routes[${i}].path`, `${JSON.stringify(route.path)} is routed twice`);
        seen.add(route.path);
        return { path: route.path, upstream: resolveUpstream(params, service, `${at}.routes[${i}].upstream`, route.upstream, dependencies) };
      });
      // Longest first: Apache takes the first match, and the same order reads well in nginx.
      return { kind: 'paths', serverName, routes: routes.sort((a, b) => b.path.length - a.path.length || (a.path < b.path ? -1 : 1)) };
    }
    default:
      throw new ServiceArgumentError(service, `${at}.kind`, `${JSON.stringify((site as { kind: unknown }).kind)} is not "static", "proxy" or "paths"`);
  }
};

/** Checks `sites` and resolves their upstreams; `service` names the constructor in errors. */
export const resolveSites = (params: ProcessParams, service: string, sites: readonly Site[]): ResolvedSites => {
  const dependencies: ManagedProcess[] = [];
  const resolved = sites.map((site, i) => resolveSite(params, service, `sites[${i}]`, site, dependencies));
  const names = new Map<string, number>();
  let defaultSite: number | null = null;
  resolved.forEach((site, i) => {
    if (site.serverName === null) {
      if (defaultSite !== null) throw new ServiceArgumentError(service, `sites[${i}]`, `has no serverName, and neither has sites[${defaultSite}]: only one site can be the default`);
      defaultSite = i;
      return;
    }
    const key = site.serverName.toLowerCase();
    const other = names.get(key);
    if (other !== undefined) throw new ServiceArgumentError(service, `sites[${i}].serverName`, `${JSON.stringify(site.serverName)} is also the serverName of sites[${other}]`);
    names.set(key, i);
  });
  const ordered = defaultSite === null ? resolved : [resolved[defaultSite]!, ...resolved.filter((_, i) => i !== defaultSite)];
  return { sites: ordered, dependencies: [...new Set(dependencies)] };
};
