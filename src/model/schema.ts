/**
 * The runtime schema of `createManagedProcess` input. Strict objects, so a misspelt field
 * is reported instead of silently ignored. A compile-time check below keeps the schema
 * and the documented `ManagedProcessInput` type from drifting apart.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { ManagedProcessInput } from './process-input.js';
import { BACKEND_NAMES } from './overrides.js';
import { isManagedProcess } from './managed-process.js';
import { normalizeSignal } from './signals.js';
import { isFileUrl } from './inputs/declared.js';

/** Environment variable names a POSIX shell and every manager accept. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// NUL cannot be passed in argv, environment or a config file: it would cut the value short.
const text = z.string().refine((s) => !s.includes('\0'), 'must not contain a NUL character');
const absolutePath = text.refine((s) => s.startsWith('/'), 'must be an absolute path');
const seconds = z.number().finite().positive();
const octal = z.union([z.string().regex(/^0?[0-7]{3,4}$/, 'must be an octal mode such as "0750"'), z.number().int().min(0).max(0o7777)]);
const port = z.number().int().min(1).max(65535);
const timing = { timeout: seconds.optional(), interval: seconds.optional() };
const secretValue = z.discriminatedUnion('secret', [
  z.strictObject({ secret: z.literal('file'), path: absolutePath }),
  z.strictObject({ secret: z.literal('env'), name: text.refine((s) => ENV_NAME.test(s), 'must be a valid environment variable name') }),
]);

const readiness = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('tcp'), port, host: text.optional(), ...timing }),
  z.strictObject({ kind: z.literal('http'), port, path: text.refine((s) => s.startsWith('/'), 'must start with "/"').optional(), host: text.optional(), status: z.array(z.number().int().min(100).max(599)).optional(), ...timing }),
  z.strictObject({ kind: z.literal('log'), pattern: z.union([text, z.instanceof(RegExp)]), stream: z.enum(['stdout', 'stderr', 'both']).optional(), ...timing }),
  z.strictObject({ kind: z.literal('exec'), command: z.array(text).min(1), ...timing }),
  z.strictObject({ kind: z.literal('notify'), fd: z.number().int().min(3).max(255).optional(), ...timing }),
]);

const restartPolicy = z.enum(['no', 'on-failure', 'always']);
const restart = z.union([
  restartPolicy,
  z.strictObject({
    policy: restartPolicy.optional(),
    maxRestarts: z.number().int().min(0).optional(),
    backoff: z.strictObject({ initial: seconds.optional(), factor: z.number().min(1).optional(), max: seconds.optional(), resetAfter: seconds.optional() }).optional(),
  }),
]);

const id = z.number().int().min(0).max(4294967294);
const credentials = z.strictObject({
  groups: z.record(text, z.strictObject({ gid: id.optional() })).optional(),
  users: z.record(text, z.strictObject({
    uid: id.optional(),
    group: text.optional(),
    extraGroups: z.array(text).optional(),
    description: text.refine((s) => !/[:\n]/.test(s), 'must not contain ":" or a newline').optional(),
    homeDir: absolutePath.optional(),
    createHomeDir: z.boolean().optional(),
    shell: absolutePath.optional(),
  })).optional(),
});

const stateDir = z.union([
  absolutePath,
  z.strictObject({ path: absolutePath, mode: octal.optional(), user: text.optional(), group: text.optional() }),
]);

const override = z.union([z.record(z.string(), z.unknown()), z.custom<(x: unknown) => unknown>((v) => typeof v === 'function', 'must be an object or a function')]);
const overrides = z.strictObject(Object.fromEntries(BACKEND_NAMES.map((name) => [name, override.optional()])));

const dependency = z.union([text, z.custom((v) => isManagedProcess(v), 'must be a managed process (the pkg of an instance) or an instance name')]);

const fileUrlText = (s: string): boolean => {
  if (!s.startsWith('file:')) return true;
  try {
    return fileURLToPath(s).startsWith('/');
  } catch {
    return false;
  }
};
const inputPath = z.union([
  text.refine((s) => s !== '', 'must not be empty').refine(fileUrlText, 'must be a valid file: URL'),
  z.custom<URL>((v) => isFileUrl(v) && fileUrlText(v.href), 'must be a path or a file: URL such as new URL("./app", import.meta.url)'),
]);
const input = z.union([inputPath, z.strictObject({ path: inputPath, ignore: z.array(text.refine((s) => s !== '', 'must not be empty')).optional() })]);

/** Schema of `createManagedProcess` input. */
export const managedProcessSchema = z.strictObject({
  name: text.optional(),
  description: text.optional(),
  initialize: text.optional(),
  process: text.optional(),
  args: z.array(text).optional(),
  daemon: text.optional(),
  daemonArgs: z.array(text).optional(),
  daemonExtraArgs: z.array(text).optional(),
  foregroundProcess: text.optional(),
  foregroundProcessArgs: z.array(text).optional(),
  foregroundProcessExtraArgs: z.array(text).optional(),
  instanceName: text.optional(),
  pidFile: absolutePath.optional(),
  path: z.array(absolutePath).optional(),
  environment: z.record(text, z.union([text, z.number().finite(), z.boolean(), secretValue])).optional(),
  envFiles: z.array(inputPath).optional(),
  directory: absolutePath.optional(),
  umask: z.string().regex(/^0?[0-7]{3}$/, 'must be an octal string such as "0022"').optional(),
  nice: z.number().int().min(-20).max(19).optional(),
  user: text.optional(),
  dependencies: z.array(dependency).optional(),
  credentials: credentials.optional(),
  overrides: overrides.optional(),
  postInstall: text.optional(),
  readiness: readiness.optional(),
  type: z.enum(['longrun', 'oneshot']).optional(),
  restart: restart.optional(),
  stopSignal: text.refine((s) => normalizeSignal(s) !== undefined, 'must be a signal name such as "TERM" or "SIGINT"').optional(),
  stopTimeout: seconds.optional(),
  startTimeout: seconds.optional(),
  stateDirs: z.array(stateDir).optional(),
  stateVersion: z.union([text, z.number().finite()]).optional(),
  providedBy: text.optional(),
  inputs: z.array(input).optional(),
});

// Fails to compile when a field is added to one of the schema and the interface but not the other.
type SchemaKeys = keyof z.infer<typeof managedProcessSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const keysAgree: Same<SchemaKeys, keyof ManagedProcessInput> = true;
void keysAgree;
