/**
 * What backends' record schemas are made of. A backend declares its record once, as a zod
 * schema: the record's type is the schema's output, model validation checks `overrides`
 * against its keys, and the activator reads the record file back through it. Here are the
 * fields many records repeat (the head, the run mode) and the model's values records carry
 * (readiness, state directories, restart policy), each checked against the model's type.
 * @module
 */
import * as z from 'zod/mini';
import type { Readiness } from '../model/readiness.js';
import type { Restart } from '../model/restart.js';
import type { StateDir } from '../model/state-dir.js';

/** `T` with every property and array read-only, at every level: how records are typed. */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly unknown[]
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

/** The read-only type a schema declares. */
export type Declared<S extends z.ZodMiniType> = DeepReadonly<z.output<S>>;

/** True when each of A and B is assignable to the other. */
export type Agree<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Fails to compile unless its argument is `true`: ties a schema to a type declared elsewhere. */
export const agree = <T extends true>(): T | undefined => undefined;

const timing = { timeout: z.number(), interval: z.number() };

/** Readiness after normalization, as the model declares it. */
export const readinessSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('tcp'), port: z.number(), host: z.string(), ...timing }),
  z.strictObject({ kind: z.literal('http'), port: z.number(), path: z.string(), host: z.string(), status: z.array(z.number()), ...timing }),
  z.strictObject({ kind: z.literal('log'), pattern: z.strictObject({ source: z.string(), flags: z.string() }), stream: z.enum(['stdout', 'stderr', 'both']), ...timing }),
  z.strictObject({ kind: z.literal('exec'), command: z.array(z.string()), ...timing }),
  z.strictObject({ kind: z.literal('notify'), fd: z.number(), ...timing }),
]);
agree<Agree<Declared<typeof readinessSchema>, Readiness>>();

/** A state directory after normalization. */
export const stateDirSchema = z.strictObject({ path: z.string(), mode: z.string(), user: z.nullable(z.string()), group: z.nullable(z.string()) });
agree<Agree<Declared<typeof stateDirSchema>, StateDir>>();

/** When to restart a process. */
export const restartPolicySchema = z.enum(['no', 'on-failure', 'always']);

/** The restart policy after normalization. */
export const restartSchema = z.strictObject({
  policy: restartPolicySchema,
  maxRestarts: z.number(),
  backoff: z.strictObject({ initial: z.number(), factor: z.number(), max: z.number(), resetAfter: z.number() }),
});
agree<Agree<Declared<typeof restartSchema>, Restart>>();

/** Names and values, exactly as the process gets them. */
export const environmentSchema = z.record(z.string(), z.string());

/** `longrun` is supervised; `oneshot` runs once and counts as ready when it exits 0. */
export const processTypeSchema = z.enum(['longrun', 'oneshot']);

/** The fields a process's record starts with. */
export const recordHeadFields = {
  /** Bumped when the record changes so that an older activator cannot read it. */
  formatVersion: z.literal(1),
  /** Key of the instance in the model (activators report instances). */
  instance: z.string(),
  name: z.string(),
  description: z.string(),
  type: processTypeSchema,
};

/** How a process runs under a manager that supervises one process per service. */
export const runModeFields = {
  /**
   * `foreground`: the manager's child is the process. `daemon`: the child forks and exits,
   * and the daemon is watched through `pidFile`. Foreground is preferred.
   */
  mode: z.enum(['foreground', 'daemon']),
  /** Exact argv; a bare `command[0]` is looked up on the service's PATH. */
  command: z.array(z.string()),
  /** The daemon's pid file; null in foreground mode. */
  pidFile: z.nullable(z.string()),
};

/** How a process is run by a script or a supervisor that sets everything up itself. */
export const processFields = {
  /** The whole environment of the process (it inherits nothing). */
  environment: environmentSchema,
  directory: z.nullable(z.string()),
  /** Octal string, e.g. "0022". */
  umask: z.nullable(z.string()),
  nice: z.nullable(z.number()),
  /** User to drop to (only when the manager runs as root). */
  user: z.nullable(z.string()),
  /** Primary group; null means the user's own primary group. */
  group: z.nullable(z.string()),
  /** Shell code run before every start, as root when the manager is root. */
  initialize: z.string(),
  /** Created with their owner and mode before every start. */
  stateDirs: z.array(stateDirSchema),
  readiness: z.nullable(readinessSchema),
};
