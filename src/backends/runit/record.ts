/**
 * The runit backend's record of a process: one runsv service directory as data. The entry
 * keeps it as `service.json`, which the activator reads back (stop timeout, readiness, log
 * directory).
 * @module
 */
import * as z from 'zod/mini';
import type { DeepPartial } from '../../model/overrides.js';
import { recordFile } from '../../deploy/record-file.js';
import { processFields, recordHeadFields, restartSchema, runModeFields, type Declared } from '../../deploy/record-schema.js';

/** A dependency: `run` starts it (`sv start`) before the process itself. */
export const runitDependencySchema = z.strictObject({
  instance: z.string(),
  /** Absolute path of its service directory in the scan directory. */
  serviceDir: z.string(),
});

/**
 * One runit service. The environment is exactly the process's (`env -i`); `nice` is the
 * increment given to `chpst -n` (runsv runs at niceness 0); `user` is the `chpst -u`
 * target, applied only when runsv runs as root.
 */
export const runitServiceSchema = z.strictObject({
  ...recordHeadFields,
  ...runModeFields,
  ...processFields,
  /** True when the model sets no PATH: runsv's PATH is passed on, as the embedded supervisor does. */
  inheritPath: z.boolean(),
  extraGroups: z.array(z.string()),
  dependencies: z.array(runitDependencySchema),
  /** Seconds `run` waits (`sv -w`) for a dependency to be up and pass its `check`. */
  dependencyTimeout: z.number(),
  /** This process's own service directory (absolute). */
  serviceDir: z.string(),
  restart: restartSchema,
  stopSignal: z.string(),
  stopTimeout: z.number(),
  /** svlogd's directory and its rotation (`s` bytes per file, `n` files kept). */
  log: z.strictObject({ dir: z.string(), size: z.number(), count: z.number() }),
});

/** A dependency of a runit service. */
export type RunitDependency = Declared<typeof runitDependencySchema>;
/** One runit service. */
export type RunitService = Declared<typeof runitServiceSchema>;
/** What `overrides.runit` may merge into the record. */
export type RunitOverrides = DeepPartial<RunitService>;

/** The record in every entry, for the activator. */
export const runitRecordFile = recordFile('service.json', runitServiceSchema);

declare module '../../model/overrides.js' {
  interface BackendRecords {
    runit: RunitService;
  }
  interface BackendOverrides {
    runit: RunitOverrides;
  }
}
