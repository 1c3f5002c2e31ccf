/**
 * Constructor of the simple test webapp (`bin/webapp.js`).
 * @module
 */
import { fileURLToPath } from 'node:url';
import { createManagedProcess, type ManagedProcess, type ProcessParams } from 'procform';

/**
 * How the webapp is started, as in nix-processmgmt's three webapp variants:
 * `foreground` offers only the foreground process, `daemon` only the self-daemonizing
 * `-D` mode, and `auto` offers both so each process manager picks the mode it prefers.
 */
export type WebappMode = 'foreground' | 'daemon' | 'auto';

/** Every webapp mode, for validating a mode that comes from untyped input. */
export const webappModes: readonly WebappMode[] = ['foreground', 'daemon', 'auto'];

/** Instance parameters of a webapp. */
export interface WebappOptions {
  /** TCP port the webapp listens on. */
  readonly port: number;
  /** Appended to the default instance name, to run several webapps side by side. @default "" */
  readonly instanceSuffix?: string;
  /** Also the name of the user and group the webapp runs as. @default `webapp${instanceSuffix}` */
  readonly instanceName?: string;
  /** @default "auto" */
  readonly mode?: WebappMode;
}

/** Absolute path of the webapp executable. */
export const webappExecutable = fileURLToPath(new URL('../bin/webapp.js', import.meta.url));

/**
 * Returns the webapp constructor for the given parameters.
 * @example
 * const webapp = createWebapp(params);
 * const pkg = webapp({ port: 5000, instanceSuffix: '1' });
 */
export const createWebapp =
  (params: Pick<ProcessParams, 'tmpDir'>) =>
  ({ port, instanceSuffix = '', instanceName = `webapp${instanceSuffix}`, mode = 'auto' }: WebappOptions): ManagedProcess => {
    // tmpDir rather than runtimeDir because the daemon writes it as its own unprivileged
    // user. It equals procform's default for a process with a user; spelling it out keeps
    // PID_FILE and pidFile in step even if that default changes.
    const pidFile = `${params.tmpDir}/${instanceName}.pid`;
    const common = {
      instanceName,
      description: 'Simple test webapp',
      user: instanceName,
      credentials: {
        groups: { [instanceName]: {} },
        users: { [instanceName]: { group: instanceName, description: 'Webapp' } },
      },
      readiness: { kind: 'http', port },
      restart: 'always',
    } as const;

    switch (mode) {
      case 'foreground':
        return createManagedProcess({ ...common, foregroundProcess: webappExecutable, environment: { PORT: port } });
      case 'daemon':
        return createManagedProcess({
          ...common,
          daemon: webappExecutable,
          daemonArgs: ['-D'],
          pidFile,
          environment: { PORT: port, PID_FILE: pidFile },
        });
      case 'auto':
        return createManagedProcess({
          ...common,
          process: webappExecutable,
          daemonExtraArgs: ['-D'],
          pidFile,
          environment: { PORT: port, PID_FILE: pidFile },
        });
      default:
        // Reachable when the mode comes from --extra-params, which TypeScript cannot check.
        throw new Error(`unknown webapp mode ${JSON.stringify(mode)}; expected one of ${webappModes.join(', ')}`);
    }
  };
