/**
 * Resolving the model parameters from flags, `PROCFORM_*` environment variables and
 * defaults, in that order of precedence. Derived directories follow the effective
 * state directory, and every directory flag is honoured (the original dropped some).
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_BACKEND } from '../backends/registry.js';
import { InputError } from '../errors.js';
import type { BaseParams } from '../model/evaluate.js';
import type { BackendName } from '../model/overrides.js';
import type { Ids } from '../model/params.js';
import { groupName } from '../system/host.js';
import { parseOptionWords } from '../deploy/backend-options.js';

/** The directory flags, their environment variables and their defaults relative to stateDir. */
export const DIRECTORIES = [
  { key: 'runtimeDir', flag: 'runtime-dir', env: 'PROCFORM_RUNTIME_DIR', sub: 'run' },
  { key: 'logDir', flag: 'log-dir', env: 'PROCFORM_LOG_DIR', sub: 'log' },
  { key: 'tmpDir', flag: 'tmp-dir', env: 'PROCFORM_TMP_DIR', sub: 'tmp' },
  { key: 'cacheDir', flag: 'cache-dir', env: 'PROCFORM_CACHE_DIR', sub: 'cache' },
  { key: 'spoolDir', flag: 'spool-dir', env: 'PROCFORM_SPOOL_DIR', sub: 'spool' },
  { key: 'lockDir', flag: 'lock-dir', env: 'PROCFORM_LOCK_DIR', sub: 'lock' },
  { key: 'libDir', flag: 'lib-dir', env: 'PROCFORM_LIB_DIR', sub: 'lib' },
] as const;

/** Options common to every command that evaluates a model, as parsed by the CLI. */
export interface ModelOptions {
  readonly file?: string;
  readonly stateDir?: string;
  readonly runtimeDir?: string;
  readonly logDir?: string;
  readonly tmpDir?: string;
  readonly cacheDir?: string;
  readonly spoolDir?: string;
  readonly lockDir?: string;
  readonly libDir?: string;
  readonly storeDir?: string;
  readonly forceDisableUserChange?: boolean;
  readonly extraParams?: string;
  readonly ids?: string;
  readonly processManager?: string;
  /** `-o key=value` words, checked by the backend when the build starts. */
  readonly backendOption?: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

const isRoot = (): boolean => process.getuid?.() === 0;

/** The model file: `-f`, else `$PROCFORM_PROCESSES`, else `./processes.ts`. */
export const modelFile = (options: ModelOptions, env: Env = process.env): string =>
  resolve(options.file ?? env.PROCFORM_PROCESSES ?? 'processes.ts');

const parseBoolean = (name: string, value: string): boolean => {
  if (/^(1|true|yes)$/i.test(value)) return true;
  if (/^(0|false|no|)$/i.test(value)) return false;
  throw new InputError(`${name} must be 1 or 0, not ${JSON.stringify(value)}`);
};

const readJson = (path: string, what: string): unknown => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
};

/** Loads the `ids` section of an ids file (or {} when there is none). */
export const loadIds = (options: ModelOptions, model: string, env: Env = process.env): Ids => {
  const explicit = options.ids ?? env.PROCFORM_IDS;
  const path = explicit === undefined ? join(dirname(model), 'ids.json') : resolve(explicit);
  if (explicit === undefined && !existsSync(path)) return {};
  const json = readJson(path, 'ids file') as { ids?: unknown };
  if (json === null || typeof json !== 'object' || (json.ids !== undefined && (typeof json.ids !== 'object' || json.ids === null))) {
    throw new InputError(`ids file ${path} must be an object with an "ids" member`, 'create it with procform ids');
  }
  return (json.ids ?? {}) as Ids;
};

const BUILTIN_PARAMS = new Set(['stateDir', 'runtimeDir', 'logDir', 'tmpDir', 'cacheDir', 'spoolDir', 'lockDir', 'libDir', 'storeDir', 'forceDisableUserChange', 'callingUser', 'callingGroup', 'processManager', 'ids', 'extraParams', 'writeFile', 'backendOptions', 'serviceHost', 'placement']);

/** Parses `--extra-params` / `$PROCFORM_EXTRA_PARAMS` (a JSON object). */
export const extraParams = (options: ModelOptions, env: Env = process.env): Record<string, unknown> => {
  const text = options.extraParams ?? env.PROCFORM_EXTRA_PARAMS;
  if (text === undefined || text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`--extra-params is not valid JSON: ${(error as Error).message}`, `example: --extra-params '{"webappMode":"daemon"}'`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InputError('--extra-params must be a JSON object');
  const clash = Object.keys(value).find((k) => BUILTIN_PARAMS.has(k));
  if (clash) throw new InputError(`--extra-params may not set "${clash}", a built-in parameter`, `use its own flag instead`);
  return value as Record<string, unknown>;
};

/** Resolves every parameter except `ids` and `writeFile`. */
export const resolveParams = (options: ModelOptions, ids: Ids, env: Env = process.env): BaseParams => {
  const stateHome = env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state');
  const stateDir = resolve(options.stateDir ?? env.PROCFORM_STATE_DIR ?? (isRoot() ? '/var' : join(stateHome, 'procform')));
  const dirs = Object.fromEntries(DIRECTORIES.map(({ key, env: name, sub }) => {
    const given = options[key] ?? env[name];
    const fallback = key === 'tmpDir' && stateDir === '/var' ? '/tmp' : join(stateDir, sub);
    return [key, given === undefined ? fallback : resolve(given)];
  })) as Record<(typeof DIRECTORIES)[number]['key'], string>;
  const forceEnv = env.PROCFORM_FORCE_DISABLE_USER_CHANGE;
  const user = userInfo();
  return {
    stateDir,
    ...dirs,
    storeDir: resolve(options.storeDir ?? env.PROCFORM_STORE_DIR ?? join(dirs.libDir, 'procform', 'store')),
    forceDisableUserChange: options.forceDisableUserChange ?? (forceEnv !== undefined ? parseBoolean('PROCFORM_FORCE_DISABLE_USER_CHANGE', forceEnv) : !isRoot()),
    callingUser: user.username,
    callingGroup: groupName(user.gid),
    processManager: (options.processManager ?? env.PROCFORM_PROCESS_MANAGER ?? DEFAULT_BACKEND) as BackendName,
    ids,
    extraParams: extraParams(options, env),
    backendOptions: parseOptionWords(options.backendOption ?? []),
  };
};
