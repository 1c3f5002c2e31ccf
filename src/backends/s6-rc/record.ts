/**
 * The s6-rc backend's record of a process: a longrun (with a companion logger) for a
 * foreground process, an unsupervised oneshot for a daemon-only process or a `oneshot`
 * process. The process settings are the s6 backend's, so both render the same run
 * scripts. Nothing reads the record back: s6-rc-compile reads the source directories.
 * @module
 */
import * as z from 'zod/mini';
import type { DeepPartial } from '../../model/overrides.js';
import { recordHeadFields, type Declared } from '../../deploy/record-schema.js';
import { s6ServiceSchema } from '../s6/record.js';

/** A readiness check run by s6-notifyoncheck, which then notifies s6 on the notification fd. */
export const s6RcCheckSchema = z.strictObject({
  /** Exact argv of the check, run until it exits 0. */
  argv: z.array(z.string()),
  /** Milliseconds between two checks. */
  interval: z.number(),
  /** Milliseconds before s6-notifyoncheck gives up. */
  timeout: z.number(),
  /** The notification fd it writes to. */
  fd: z.number(),
});

/** One process as s6-rc source definitions. */
export const s6RcProcessSchema = z.strictObject({
  formatVersion: recordHeadFields.formatVersion,
  /** The pipeline bundle (longrun) or oneshot name that dependents and `default` refer to. */
  name: z.string(),
  kind: z.enum(['longrun', 'oneshot']),
  settings: s6ServiceSchema,
  check: z.nullable(s6RcCheckSchema),
  /** s6-rc names of the dependencies (their pipeline bundles or oneshots). */
  dependencies: z.array(z.string()),
});

/** A readiness check run by s6-notifyoncheck. */
export type S6RcCheck = Declared<typeof s6RcCheckSchema>;
/** One process as s6-rc source definitions. */
export type S6RcProcess = Declared<typeof s6RcProcessSchema>;
/** What `overrides['s6-rc']` may merge into the record. */
export type S6RcOverrides = DeepPartial<S6RcProcess>;

declare module '../../model/overrides.js' {
  interface BackendRecords {
    's6-rc': S6RcProcess;
  }
  interface BackendOverrides {
    's6-rc': S6RcOverrides;
  }
}
