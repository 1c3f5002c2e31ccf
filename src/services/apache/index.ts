/**
 * Apache httpd: static sites and reverse proxies.
 * @module
 */
export { apache } from './apache.js';
export type { ApacheOptions } from './options.js';
