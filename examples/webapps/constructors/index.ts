/**
 * The example's constructors, bound to the model's parameters, the way nix-processmgmt's
 * `constructors.nix` is: a processes model calls `createConstructors(params)` once and then
 * only passes instance parameters.
 * @module
 */
import type { ManagedProcess, ProcessParams } from 'procform';
import { createNginxReverseProxyHostBased } from './nginx-proxy.js';
import { nodeProxy } from './node-proxy.js';
import type { ReverseProxyOptions } from './reverse-proxy.js';
import { createWebapp, webappModes, type WebappMode, type WebappOptions } from './webapp.js';

export type { ProxiedWebapp, ReverseProxyOptions, Route } from './reverse-proxy.js';
export type { WebappMode, WebappOptions } from './webapp.js';

/** Which reverse proxy the models put in front of the webapps. */
export type ProxyKind = 'node' | 'nginx';

/** Every proxy kind, for validating a kind that comes from untyped input. */
export const proxyKinds: readonly ProxyKind[] = ['node', 'nginx'];

/** The `--extra-params` the webapps models understand. */
export interface WebappsExtraParams {
  /** @default "auto" */
  readonly webappMode?: WebappMode;
  /** @default "node" */
  readonly proxy?: ProxyKind;
}

// Extra parameters come from the command line, so their type is a promise nobody checked.
const pick = <T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T => {
  if (value === undefined) return fallback;
  if (allowed.includes(value as T)) return value as T;
  throw new Error(`extra parameter ${name} is ${JSON.stringify(value)}; expected one of ${allowed.join(', ')}`);
};

/** The constructors the webapps models use, with the webapp mode and proxy kind applied. */
export interface WebappsConstructors {
  readonly webapp: (options: WebappOptions) => ManagedProcess;
  /** A host-based reverse proxy: nginx when `proxy` is "nginx", else the Node proxy. */
  readonly reverseProxy: (options: ReverseProxyOptions) => ManagedProcess;
}

/** Binds the constructors to `params`, reading `webappMode` and `proxy` from the extra parameters. */
export const createConstructors = (params: ProcessParams & Partial<WebappsExtraParams>): WebappsConstructors => {
  const mode = pick('webappMode', params.webappMode ?? params.extraParams['webappMode'], webappModes, 'auto');
  const proxy = pick('proxy', params.proxy ?? params.extraParams['proxy'], proxyKinds, 'node');
  const webapp = createWebapp(params);
  const nginxReverseProxyHostBased = createNginxReverseProxyHostBased(params);
  return {
    webapp: (options) => webapp({ mode, ...options }),
    reverseProxy: proxy === 'nginx' ? nginxReverseProxyHostBased : nodeProxy,
  };
};
