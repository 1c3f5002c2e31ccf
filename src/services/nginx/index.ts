/**
 * nginx: static sites and reverse proxies.
 * @module
 */
export { nginx } from './nginx.js';
export type { NginxOptions } from './options.js';
