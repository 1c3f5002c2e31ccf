/**
 * Addresses and host names that end up in a service's configuration: checked once, where
 * the constructor is called, so every format can write them without further quoting rules.
 * @module
 */
import { isIP } from 'node:net';
import { ServiceArgumentError } from './names.js';

// RFC 1123 labels; "_" as well, which container and Kubernetes names may carry.
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*$/;

/** Requires an IP address literal (IPv4 or IPv6, without brackets). */
export const requireAddress = (service: string, argument: string, value: string): string => {
  if (isIP(value) === 0) throw new ServiceArgumentError(service, argument, `${JSON.stringify(value)} is not an IP address`);
  return value;
};

/** Requires a host name or an IP address literal. */
export const requireHost = (service: string, argument: string, value: string): string => {
  if (isIP(value) === 0 && !HOST_NAME.test(value)) {
    throw new ServiceArgumentError(service, argument, `${JSON.stringify(value)} is not a host name or an IP address`);
  }
  return value;
};

/** `host:port`, with an IPv6 address in brackets as URLs and listen directives want it. */
export const hostPort = (host: string, port: number): string => (isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`);

/**
 * Where a probe on the same machine reaches a server listening on `address`: the loopback
 * address of the same family for a wildcard, else the address itself.
 */
export const probeHost = (address: string): string => {
  if (address === '0.0.0.0') return '127.0.0.1';
  if (address === '::') return '::1';
  return address;
};
