/**
 * `application`: a program of your own (an HTTP API, a worker) with the chores done: its
 * own account, `PORT` in the environment, readiness by an HTTP path, its code as an input
 * so a changed file restarts it.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { createManagedProcess, type ManagedProcess } from '../model/managed-process.js';
import type { Dependency, EnvValue } from '../model/process-input.js';
import type { ProcessParams } from '../model/params.js';
import type { Overrides } from '../model/overrides.js';
import type { ReadinessInput } from '../model/readiness.js';
import type { RestartInput } from '../model/restart.js';
import type { StateDirInput } from '../model/state-dir.js';
import type { InputDeclaration } from '../model/inputs/declared.js';
import { serviceAccount } from './common/account.js';
import { requireName, requirePort, ServiceArgumentError } from './common/names.js';

/** Arguments of {@link application}. */
export interface ApplicationOptions {
  /** Process and instance name. */
  readonly name: string;
  /**
   * A JavaScript file run with the Node.js that runs procform (a path or a `file:` URL such
   * as `new URL('./api.mjs', import.meta.url)`). It becomes an input: editing it restarts the
   * process on the next switch. Give either `script` or `command`.
   * @default none: `command` runs
   */
  readonly script?: string | URL;
  /** The executable to run, when it is not a Node.js script. @default none: `script` runs */
  readonly command?: string;
  /** Arguments after the script or command. @default [] */
  readonly args?: readonly string[];
  /** The port it listens on, passed as `PORT`; with it, readiness is an HTTP GET of `healthPath`. @default none: no `PORT` */
  readonly port?: number;
  /** The path that answers 2xx/3xx once the application can serve. @default "/" */
  readonly healthPath?: string;
  /** How readiness is known when it is not an HTTP path (a log line, a command). @default HTTP on `port`, else started */
  readonly readiness?: ReadinessInput;
  /** Environment variables besides `PORT`. @default {} */
  readonly environment?: Readonly<Record<string, EnvValue>>;
  /** The account it runs as, created by the deployment. @default `name` */
  readonly user?: string;
  /** Working directory. @default the manager's default */
  readonly directory?: string;
  /** Processes that must be ready first, e.g. the database and its migration. @default [] */
  readonly dependencies?: readonly Dependency[];
  /** Further files whose change restarts it (its other modules, a data directory). @default [] */
  readonly inputs?: readonly InputDeclaration[];
  /** Directories it writes, owned by its user. @default [] */
  readonly stateDirs?: readonly StateDirInput[];
  /** `oneshot` for a task that runs to completion, such as a migration. @default "longrun" */
  readonly type?: 'longrun' | 'oneshot';
  /** When it is started again after it exits. @default always, with backoff ("on-failure" for a oneshot) */
  readonly restart?: RestartInput;
  /** The signal that stops it. @default "TERM" */
  readonly stopSignal?: string;
  /** Seconds between the stop signal and SIGKILL. @default 10 */
  readonly stopTimeout?: number;
  /** Per-backend escape hatch, as for `createManagedProcess`. @default {} */
  readonly overrides?: Overrides;
}

const asPath = (value: string | URL): string => (value instanceof URL ? fileURLToPath(value) : value);

/**
 * An application process.
 * @example
 * const api = application(params, {
 *   name: 'api', script: new URL('./api.mjs', import.meta.url), port: 3000, healthPath: '/health',
 *   environment: { DATABASE_HOST: params.serviceHost('db') }, dependencies: [migrate],
 * });
 */
export const application = (params: ProcessParams, options: ApplicationOptions): ManagedProcess => {
  const name = requireName('application', 'name', options.name);
  if ((options.script === undefined) === (options.command === undefined)) {
    throw new ServiceArgumentError('application', 'script', 'or command must be given, and not both');
  }
  const port = options.port === undefined ? undefined : requirePort('application', 'port', options.port);
  const user = requireName('application', 'user', options.user ?? name);
  const script = options.script === undefined ? undefined : asPath(options.script);
  const readiness: ReadinessInput | undefined = options.readiness
    ?? (port === undefined ? undefined : { kind: 'http', port, path: options.healthPath ?? '/' });
  return createManagedProcess({
    name,
    description: `${name} (application)`,
    foregroundProcess: script === undefined ? options.command! : process.execPath,
    args: [...(script === undefined ? [] : [script]), ...(options.args ?? [])],
    environment: { ...(options.environment ?? {}), ...(port === undefined ? {} : { PORT: port }) },
    user,
    credentials: serviceAccount(user),
    dependencies: options.dependencies ?? [],
    inputs: [...(script === undefined ? [] : [script]), ...(options.inputs ?? [])],
    stateDirs: options.stateDirs ?? [],
    ...(readiness === undefined ? {} : { readiness }),
    ...(options.directory === undefined ? {} : { directory: options.directory }),
    ...(options.type === undefined ? {} : { type: options.type }),
    ...(options.restart === undefined ? {} : { restart: options.restart }),
    ...(options.stopSignal === undefined ? {} : { stopSignal: options.stopSignal }),
    ...(options.stopTimeout === undefined ? {} : { stopTimeout: options.stopTimeout }),
    ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
  });
};
