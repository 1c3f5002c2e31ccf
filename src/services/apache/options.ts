/**
 * The arguments of `apache`.
 * @module
 */
import type { Dependency } from '../../model/process-input.js';
import type { Overrides } from '../../model/overrides.js';
import type { Site } from '../common/sites.js';

/** Arguments of {@link apache}. */
export interface ApacheOptions {
  /** Process and instance name; also names its directories. @default "apache" */
  readonly name?: string;
  /** The port every site listens on. */
  readonly port: number;
  /** The IP address it listens on. @default "0.0.0.0" */
  readonly listen?: string;
  /** What it serves: static files, host-based and path-based reverse proxies. */
  readonly sites: readonly Site[];
  /**
   * The account its child processes run as (the whole server in a container, where there
   * is no root parent), created by the deployment.
   * @default name
   */
  readonly user?: string;
  /**
   * Apache directives appended to the server's configuration as written, e.g. a
   * `<VirtualHost>` of your own. It is checked with `apache2 -t` at build time; values in
   * it are yours to quote. Modules other than those the sites need are yours to load.
   * @default ""
   */
  readonly extraConfig?: string;
  /** Processes that must be ready first, besides the upstreams of `sites`. @default [] */
  readonly dependencies?: readonly Dependency[];
  /** Seconds a graceful stop (WINCH) may take before Apache is killed. @default 10 */
  readonly stopTimeout?: number;
  /** Per-backend escape hatch, as for `createManagedProcess`. @default {} */
  readonly overrides?: Overrides;
}
