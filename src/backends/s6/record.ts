/**
 * The s6 backend's record of a process: one s6 service directory as data. The entry keeps
 * it as `procform.json`, which the activator reads back (readiness, dependencies, timeouts).
 * @module
 */
import * as z from 'zod/mini';
import type { DeepPartial } from '../../model/overrides.js';
import { recordFile } from '../../deploy/record-file.js';
import { processFields, recordHeadFields, restartPolicySchema, runModeFields, type Declared } from '../../deploy/record-schema.js';

/** Log capture by s6-log, rotated by size. */
export const s6LogSchema = z.strictObject({
  /** Directory s6-log writes `current` and its archives to. */
  directory: z.string(),
  /** Bytes after which `current` is rotated (s6-log `s`). */
  maxSize: z.number(),
  /** Archives kept (s6-log `n`). */
  archives: z.number(),
});

/** The restart policy as the finish script applies it. */
export const s6RestartSchema = z.strictObject({
  policy: restartPolicySchema,
  maxRestarts: z.number(),
  /** Seconds slept by the finish script before restart n (index n-1); the last value repeats. */
  delays: z.array(z.number()),
  /** Whole seconds of uptime after which the restart count starts again. */
  resetAfter: z.number(),
});

/**
 * One s6 service. The user is dropped to with s6-setuidgid after `initialize` and the
 * state directories; readiness `notify` is native (notification-fd), the other kinds are
 * probed by the activator.
 */
export const s6ServiceSchema = z.strictObject({
  ...recordHeadFields,
  ...runModeFields,
  ...processFields,
  notificationFd: z.nullable(z.number()),
  restart: s6RestartSchema,
  /** Signal name without SIG (down-signal). */
  downSignal: z.string(),
  /** Milliseconds between the down signal and SIGKILL (timeout-kill). */
  timeoutKill: z.number(),
  /** Instances this process depends on. */
  dependencies: z.array(z.string()),
  log: s6LogSchema,
});

/** Log capture by s6-log. */
export type S6Log = Declared<typeof s6LogSchema>;
/** The restart policy as the finish script applies it. */
export type S6Restart = Declared<typeof s6RestartSchema>;
/** One s6 service. */
export type S6Service = Declared<typeof s6ServiceSchema>;
/** What `overrides.s6` may merge into the record. */
export type S6Overrides = DeepPartial<S6Service>;

/** The record in every entry, for the activator. */
export const s6RecordFile = recordFile('procform.json', s6ServiceSchema);

declare module '../../model/overrides.js' {
  interface BackendRecords {
    s6: S6Service;
  }
  interface BackendOverrides {
    s6: S6Overrides;
  }
}
