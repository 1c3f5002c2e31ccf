// The models the render conformance suite builds in memory, and the hostile values it
// sorts by kind, the kind naming the limitation id a backend must declare to refuse one.
import { createManagedProcess, defineProcesses } from '../../../src/index.js';
import type { ManagedProcessInput } from '../../../src/model/process-input.js';
import type { ProcessesDefinition } from '../../../src/model/define-processes.js';
import type { LimitationId } from '../../../src/deploy/backend.js';
import { HOSTILE_VALUES } from '../hostile.js';

/** The shared hostile values, and control characters an XML property list cannot hold. */
export const SUITE_VALUES: readonly string[] = [...HOSTILE_VALUES, 'control \x01 character\x7f', 'carriage\rreturn'];

/** What makes a hostile value hard to carry; `plain` values must always be carried. */
export type ValueKind = 'line-break' | 'empty' | 'long' | 'control-character' | 'plain';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const kindOf = (value: string): ValueKind =>
  value === '' ? 'empty' : /[\n\r]/.test(value) ? 'line-break' : CONTROL.test(value) ? 'control-character' : value.length >= 1000 ? 'long' : 'plain';

/** The limitation id that excuses refusing `value` as an argument or an environment value; null for a plain value. */
export const valueId = (where: 'argument' | 'environment', value: string): LimitationId | null => {
  const kind = kindOf(value);
  return kind === 'plain' ? null : `${where}-${kind}`;
};

/** The program every model starts: the harness's recording stand-in, or a system one. */
const one = (name: string, input: ManagedProcessInput): ProcessesDefinition => defineProcesses(() => ({ [name]: { pkg: createManagedProcess(input) } }));

/** One process started with `args` and `environment`. */
export const hostileModel = (program: string, args: readonly string[], environment: Readonly<Record<string, string>>): ProcessesDefinition =>
  one('hostile', { foregroundProcess: program, args: [...args], environment: { ...environment } });

/** A user with a group, both with numeric ids (Kubernetes runs by id). */
export const ACCOUNT = { user: 'pfuser', group: 'pfgroup', uid: 4100, gid: 4101 } as const;

export const accountModel: ProcessesDefinition = one('account', {
  foregroundProcess: '/bin/sleep', args: ['1000'], user: ACCOUNT.user,
  credentials: { users: { [ACCOUNT.user]: { group: ACCOUNT.group, uid: ACCOUNT.uid } }, groups: { [ACCOUNT.group]: { gid: ACCOUNT.gid } } },
});

/** `client` starts after `server`. */
export const dependencyModel: ProcessesDefinition = defineProcesses(() => ({
  server: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1000'] }) },
  client: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1000'], dependencies: ['server'] }) },
}));

/** Features a backend carries or refuses at build time, each with the id that excuses a refusal. */
export const REFUSABLE: readonly { readonly id: LimitationId; readonly what: string; readonly model: ProcessesDefinition }[] = [
  { id: 'readiness-notify', what: 'notify readiness', model: one('notify', { foregroundProcess: '/bin/sleep', args: ['1000'], readiness: { kind: 'notify' } }) },
  { id: 'daemon-only', what: 'a daemon-only process', model: one('forking', { daemon: '/bin/sleep', args: ['1000'], pidFile: '/tmp/forking.pid' }) },
  { id: 'oneshot', what: 'a oneshot', model: one('once', { type: 'oneshot', foregroundProcess: '/bin/true' }) },
  { id: 'stop-signal', what: 'stop signal INT', model: one('interrupted', { foregroundProcess: '/bin/sleep', args: ['1000'], stopSignal: 'INT' }) },
];

/**
 * The feature model every backend renders into golden files: two long-running processes,
 * one depending on the other, with a user, a directory, umask, nice, a restart policy,
 * a tcp readiness probe, and values that need quoting.
 */
export const featureModel: ProcessesDefinition = defineProcesses(() => ({
  db: {
    pkg: createManagedProcess({
      description: 'database, 100% "quoted"', foregroundProcess: '/bin/sleep', args: ['1000', 'with space', "it's"],
      environment: { GREETING: 'hello $USER', EMPTY: '' },
      readiness: { kind: 'tcp', port: 5432, timeout: 30 },
      restart: { policy: 'on-failure', maxRestarts: 3, backoff: { initial: 2, factor: 2, max: 20, resetAfter: 60 } },
      stopTimeout: 15,
    }),
  },
  app: {
    pkg: createManagedProcess({
      foregroundProcess: '/bin/sleep', args: ['1000'], dependencies: ['db'], user: ACCOUNT.user,
      credentials: { users: { [ACCOUNT.user]: { group: ACCOUNT.group, uid: ACCOUNT.uid } }, groups: { [ACCOUNT.group]: { gid: ACCOUNT.gid } } },
      directory: '/tmp', umask: '0027', nice: 5, environment: { MODE: 'production' },
    }),
  },
}));
