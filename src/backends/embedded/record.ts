/**
 * The embedded supervisor's record of a process: exactly what it needs to run it, as
 * data. The entry keeps it as `service.json`, which the supervisor reads back; the entry
 * is the process's identity on a switch, so any change to the record restarts the process.
 * @module
 */
import * as z from 'zod/mini';
import type { DeepPartial } from '../../model/overrides.js';
import { recordFile } from '../../deploy/record-file.js';
import { processFields, recordHeadFields, restartSchema, runModeFields, type Declared } from '../../deploy/record-schema.js';

/** How the supervisor runs and watches a process. */
export const embeddedServiceSchema = z.strictObject({
  ...recordHeadFields,
  ...runModeFields,
  ...processFields,
  restart: restartSchema,
  stopSignal: z.string(),
  /** Seconds. */
  stopTimeout: z.number(),
  stateVersion: z.nullable(z.string()),
  /** Instance names this process needs ready before it starts. */
  dependencies: z.array(z.string()),
  /** Where its output is logged (rotated by size). */
  logFile: z.string(),
  /**
   * The 0400 file a switch writes the process's secrets to, which the supervisor reads at
   * each start and adds to the environment; absent when it has none.
   */
  secretsFile: z.optional(z.string()),
});

/** How the supervisor runs and watches a process. */
export type EmbeddedService = Declared<typeof embeddedServiceSchema>;
/** What `overrides.embedded` may merge into the record. */
export type EmbeddedOverrides = DeepPartial<EmbeddedService>;

/** The record in every entry, for the supervisor. */
export const embeddedRecordFile = recordFile('service.json', embeddedServiceSchema);

declare module '../../model/overrides.js' {
  interface BackendRecords {
    embedded: EmbeddedService;
  }
  interface BackendOverrides {
    embedded: EmbeddedOverrides;
  }
}
