/**
 * The arguments of `nginx`.
 * @module
 */
import type { Dependency } from '../../model/process-input.js';
import type { Overrides } from '../../model/overrides.js';
import type { Site } from '../common/sites.js';

/** Arguments of {@link nginx}. */
export interface NginxOptions {
  /** Process and instance name; also names its directories. @default "nginx" */
  readonly name?: string;
  /** The port every site listens on. */
  readonly port: number;
  /** The IP address it listens on. @default "0.0.0.0" */
  readonly listen?: string;
  /** What it serves: static files, host-based and path-based reverse proxies. */
  readonly sites: readonly Site[];
  /**
   * The account its worker processes run as (the whole server in a container, where there
   * is no root master), created by the deployment.
   * @default name
   */
  readonly user?: string;
  /** Number of worker processes. @default 1 */
  readonly workerProcesses?: number;
  /**
   * nginx directives appended to the `http` block as written, e.g. `gzip on;` or a
   * `server` block of your own. It is checked with `nginx -t` at build time; values in it
   * are yours to quote.
   * @default ""
   */
  readonly extraHttpConfig?: string;
  /** Processes that must be ready first, besides the upstreams of `sites`. @default [] */
  readonly dependencies?: readonly Dependency[];
  /** Seconds a graceful stop (QUIT) may take before nginx is killed. @default 10 */
  readonly stopTimeout?: number;
  /** Per-backend escape hatch, as for `createManagedProcess`. @default {} */
  readonly overrides?: Overrides;
}
