/**
 * Applies every default of `createManagedProcess` in one place. Input is assumed to have
 * passed the schema; the result is plain JSON-compatible data (apart from function overrides).
 * @module
 */
import type { ManagedProcessInput } from './process-input.js';
import type { ProcessParams } from './params.js';
import type { CredentialsSpec, ProcessSpec, UserEntry } from './process-spec.js';
import type { Readiness, ReadinessInput } from './readiness.js';
import type { Restart, RestartInput } from './restart.js';
import type { StateDir, StateDirInput } from './state-dir.js';
import { normalizeSignal } from './signals.js';
import { normalizeInputs } from './inputs/declared.js';
import { isSecret, type Secret, type SecretsSpec } from './secret.js';

/** Seconds a switch waits for a process to come up unless it says otherwise. */
export const DEFAULT_START_TIMEOUT = 120;

/** The system PATH put after a process's own `path` entries. */
export const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The part of the parameters normalization depends on. */
export type NormalizeParams = Pick<ProcessParams, 'runtimeDir' | 'tmpDir' | 'logDir' | 'forceDisableUserChange' | 'ids'>
  & Partial<Pick<ProcessParams, 'libDir' | 'processManager'>>;

/**
 * Where a switch writes a process's secrets: below the deployment's lib dir, per backend,
 * so two backends sharing a state dir keep apart. It survives a reboot, as the managers
 * that start the process then read it again.
 */
export const secretsFile = (libDir: string, backend: string, instance: string): string =>
  `${secretsRoot(libDir)}/${backend}/${instance}.env`;

/** The directory below which every backend's secrets files lie. */
export const secretsRoot = (libDir: string): string => `${libDir}/procform/secrets`;

// Absent rather than null, so processes without secrets keep their entries' hashes.
const secretsField = (secrets: SecretsSpec | null): { secrets?: SecretsSpec } => (secrets === null ? {} : { secrets });

const normalizeSecrets = (input: ManagedProcessInput, instance: string, user: string | null, params: NormalizeParams): SecretsSpec | null => {
  const values = Object.entries(input.environment ?? {}).filter((e): e is [string, Secret] => isSecret(e[1]));
  if (values.length === 0) return null;
  const file = secretsFile(params.libDir ?? '/var/lib', params.processManager ?? 'embedded', instance);
  return { file, user, values: sortedRecord(values.map(([k, v]) => [k, v.secret === 'file' ? { secret: 'file', path: v.path } : { secret: 'env', name: v.name }] as const)) };
};

const sortedRecord = <T>(entries: Iterable<readonly [string, T]>): Record<string, T> =>
  Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

const octalString = (mode: string | number): string =>
  (typeof mode === 'number' ? mode.toString(8) : mode).padStart(4, '0');

const normalizeReadiness = (r: ReadinessInput | undefined): Readiness | null => {
  if (!r) return null;
  const timing = { timeout: r.timeout ?? 60, interval: r.interval ?? 0.25 };
  switch (r.kind) {
    case 'tcp': return { kind: 'tcp', port: r.port, host: r.host ?? '127.0.0.1', ...timing };
    case 'http': return { kind: 'http', port: r.port, path: r.path ?? '/', host: r.host ?? '127.0.0.1', status: [...(r.status ?? [])].sort((a, b) => a - b), ...timing };
    case 'log': {
      const pattern = typeof r.pattern === 'string' ? { source: r.pattern, flags: '' } : { source: r.pattern.source, flags: r.pattern.flags };
      return { kind: 'log', pattern, stream: r.stream ?? 'both', ...timing };
    }
    case 'exec': return { kind: 'exec', command: [...r.command], ...timing };
    case 'notify': return { kind: 'notify', fd: r.fd ?? 3, ...timing };
  }
};

const normalizeRestart = (r: RestartInput | undefined, oneshot: boolean): Restart => {
  const spec = typeof r === 'string' ? { policy: r } : r ?? {};
  const b = 'backoff' in spec ? spec.backoff ?? {} : {};
  return {
    // Restarting a oneshot that succeeded would run it forever.
    policy: spec.policy ?? (oneshot ? 'on-failure' : 'always'),
    maxRestarts: 'maxRestarts' in spec ? spec.maxRestarts ?? 10 : 10,
    backoff: { initial: b.initial ?? 1, factor: b.factor ?? 2, max: b.max ?? 30, resetAfter: b.resetAfter ?? 30 },
  };
};

const normalizeStateDir = (d: StateDirInput, user: string | null, group: string | null): StateDir =>
  typeof d === 'string'
    ? { path: d, mode: '0750', user, group }
    : { path: d.path, mode: octalString(d.mode ?? '0750'), user: user === null ? null : d.user ?? user, group: user === null ? null : d.group ?? group };

const normalizeCredentials = (input: ManagedProcessInput, params: NormalizeParams): CredentialsSpec => {
  const { users = {}, groups = {} } = input.credentials ?? {};
  const disabled = params.forceDisableUserChange;
  const userEntries: [string, UserEntry][] = [];
  for (const [name, u] of Object.entries(users)) {
    // Without user change no account can be made, but a declared home directory is still wanted.
    if (disabled && !u.createHomeDir) continue;
    userEntries.push([name, {
      uid: u.uid ?? params.ids.uids?.[name] ?? null,
      group: u.group ?? null,
      extraGroups: [...(u.extraGroups ?? [])].sort(),
      description: u.description ?? null,
      homeDir: u.homeDir ?? null,
      createHomeDir: u.createHomeDir ?? false,
      shell: u.shell ?? null,
      createHomeDirOnly: disabled,
    }]);
  }
  const groupEntries = disabled ? [] : Object.entries(groups).map(([name, g]) => [name, { gid: g.gid ?? params.ids.gids?.[name] ?? null }] as const);
  return { users: sortedRecord(userEntries), groups: sortedRecord(groupEntries) };
};

/**
 * Normalizes one process. `dependencies` are the already-resolved instance names;
 * relative `inputs` are taken from `baseDir`, the model file's directory.
 * Defaults follow the original: pid files live in runtimeDir, or tmpDir when a user is
 * set (decided on the raw `user`, so paths do not move when user change is disabled).
 */
export const normalizeProcess = (
  input: ManagedProcessInput,
  instance: string,
  dependencies: readonly string[],
  params: NormalizeParams,
  baseDir = '/',
): ProcessSpec => {
  const instanceName = input.instanceName ?? input.name ?? instance;
  const name = input.name ?? instanceName;
  const args = input.args ?? [];
  const user = params.forceDisableUserChange ? null : input.user ?? null;
  const group = user === null ? null : input.credentials?.users?.[user]?.group ?? null;
  const path = input.path ?? [];
  const environment = sortedRecord([
    ...(path.length > 0 ? [['PATH', [...path, SYSTEM_PATH].join(':')] as const] : []),
    ...Object.entries(input.environment ?? {}).filter(([, v]) => !isSecret(v)).map(([k, v]) => [k, String(v)] as const),
  ]);
  const filesDir = input.user === undefined ? params.runtimeDir : params.tmpDir;
  const logDir = input.user === undefined ? params.logDir : params.tmpDir;
  return {
    instance,
    name,
    instanceName,
    description: input.description ?? name,
    initialize: input.initialize ?? '',
    foregroundProcess: input.foregroundProcess ?? input.process ?? null,
    foregroundProcessArgs: input.foregroundProcessArgs ?? [...args, ...(input.foregroundProcessExtraArgs ?? [])],
    daemon: input.daemon ?? input.process ?? null,
    daemonArgs: input.daemonArgs ?? [...args, ...(input.daemonExtraArgs ?? [])],
    pidFile: input.pidFile ?? `${filesDir}/${instanceName}.pid`,
    logFile: `${logDir}/procform-${instanceName}.log`,
    path,
    environment,
    ...secretsField(normalizeSecrets(input, instance, user, params)),
    directory: input.directory ?? null,
    umask: input.umask === undefined ? null : input.umask.padStart(4, '0'),
    nice: input.nice ?? null,
    user,
    group,
    dependencies: [...new Set(dependencies)],
    credentials: normalizeCredentials(input, params),
    overrides: input.overrides ?? {},
    postInstall: input.postInstall ?? '',
    type: input.type ?? 'longrun',
    readiness: normalizeReadiness(input.readiness),
    restart: normalizeRestart(input.restart, input.type === 'oneshot'),
    stopSignal: normalizeSignal(input.stopSignal ?? 'TERM') ?? 'TERM',
    stopTimeout: input.stopTimeout ?? 10,
    startTimeout: input.startTimeout ?? Math.max(DEFAULT_START_TIMEOUT, input.readiness?.timeout ?? 0),
    stateDirs: (input.stateDirs ?? []).map((d) => normalizeStateDir(d, user, group)),
    stateVersion: input.stateVersion === undefined ? null : String(input.stateVersion),
    ...(input.providedBy === undefined ? {} : { providedBy: input.providedBy }),
    inputs: normalizeInputs(input.inputs ?? [], baseDir),
  };
};
