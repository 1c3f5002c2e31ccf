/**
 * The launchd backend's record of a process: one job, its property list as data. The entry
 * keeps it as `launchd.json`, which the activator reads back.
 * @module
 */
import * as z from 'zod/mini';
import type { DeepPartial } from '../../model/overrides.js';
import { recordFile } from '../../deploy/record-file.js';
import { environmentSchema, processFields, recordHeadFields, type Declared } from '../../deploy/record-schema.js';

/** `KeepAlive`: a boolean, or the conditions launchd keeps the job alive under. */
export const keepAliveSchema = z.union([z.boolean(), z.strictObject({ SuccessfulExit: z.optional(z.boolean()), Crashed: z.optional(z.boolean()) })]);

/**
 * The keys of a launchd job property list procform writes. A key that may be null is left
 * out of the list when it is (an override's way to remove it); the others the activator
 * reads itself.
 */
export const launchdPlistSchema = z.strictObject({
  Label: z.string(),
  /** Exact argv; `Program` is never set, so argv[0] is the executable. */
  ProgramArguments: z.array(z.string()),
  EnvironmentVariables: environmentSchema,
  WorkingDirectory: z.optional(z.nullable(z.string())),
  UserName: z.optional(z.nullable(z.string())),
  GroupName: z.optional(z.nullable(z.string())),
  /** An integer, as launchd reads it (nix-processmgmt wrote a string). */
  Umask: z.optional(z.nullable(z.number())),
  Nice: z.optional(z.nullable(z.number())),
  RunAtLoad: z.nullable(z.boolean()),
  KeepAlive: z.nullable(keepAliveSchema),
  /** Seconds between two launches (launchd has no exponential backoff). */
  ThrottleInterval: z.nullable(z.number()),
  /** Seconds between SIGTERM and SIGKILL. */
  ExitTimeOut: z.number(),
  StandardOutPath: z.string(),
  StandardErrorPath: z.string(),
  ProcessType: z.optional(z.nullable(z.enum(['Background', 'Standard', 'Adaptive', 'Interactive']))),
});

/**
 * The native settings of one launchd job. `initialize` is run and the state directories
 * are made by the activator (as the caller, root when user change is on) before it
 * bootstraps the job; it bootstraps the dependencies first and waits for their readiness,
 * which it probes itself (launchd has none).
 */
export const launchdJobSchema = z.strictObject({
  ...recordHeadFields,
  plist: launchdPlistSchema,
  initialize: processFields.initialize,
  stateDirs: processFields.stateDirs,
  /** Instances this job depends on. */
  dependencies: z.array(z.string()),
  readiness: processFields.readiness,
});

/** `KeepAlive` of a job. */
export type KeepAlive = Declared<typeof keepAliveSchema>;
/** The keys of a launchd job property list procform writes. */
export type LaunchdPlist = Declared<typeof launchdPlistSchema>;
/** The native settings of one launchd job. */
export type LaunchdJob = Declared<typeof launchdJobSchema>;
/** What `overrides.launchd` may merge into the record; `null` removes a property list key. */
export type LaunchdOverrides = DeepPartial<LaunchdJob>;

/** The record in every entry, for the activator. */
export const launchdRecordFile = recordFile('launchd.json', launchdJobSchema);

declare module '../../model/overrides.js' {
  interface BackendRecords {
    launchd: LaunchdJob;
  }
  interface BackendOverrides {
    launchd: LaunchdOverrides;
  }
}
