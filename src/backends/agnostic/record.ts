/**
 * The agnostic backend's record of a process: the normalized description as plain JSON,
 * with dependencies as the store paths of their own entries (so a change to a dependency
 * changes this entry too) and function overrides named rather than serialized. The entry
 * keeps it as `process.json`, for tools and for translation on another machine.
 * @module
 */
import * as z from 'zod/mini';
import type { DeepPartial } from '../../model/overrides.js';
import type { ProcessSpec } from '../../model/process-spec.js';
import { recordFile } from '../../deploy/record-file.js';
import { agree, environmentSchema, processFields, processTypeSchema, restartSchema, type Agree, type Declared } from '../../deploy/record-schema.js';

const text = z.string();
const texts = z.array(z.string());

/** The users and groups of a process after normalization. */
export const credentialsSchema = z.strictObject({
  users: z.record(text, z.strictObject({
    uid: z.nullable(z.number()),
    group: z.nullable(text),
    extraGroups: texts,
    description: z.nullable(text),
    homeDir: z.nullable(text),
    createHomeDir: z.boolean(),
    shell: z.nullable(text),
    createHomeDirOnly: z.boolean(),
  })),
  groups: z.record(text, z.strictObject({ gid: z.nullable(z.number()) })),
});

/** The fields of the normalized process the record carries as they are. */
const specFields = {
  instance: text,
  name: text,
  instanceName: text,
  description: text,
  initialize: text,
  foregroundProcess: z.nullable(text),
  foregroundProcessArgs: texts,
  daemon: z.nullable(text),
  daemonArgs: texts,
  pidFile: text,
  logFile: text,
  path: texts,
  environment: environmentSchema,
  directory: processFields.directory,
  umask: processFields.umask,
  nice: processFields.nice,
  user: processFields.user,
  group: processFields.group,
  credentials: credentialsSchema,
  postInstall: text,
  type: processTypeSchema,
  readiness: processFields.readiness,
  restart: restartSchema,
  stopSignal: text,
  stopTimeout: z.number(),
  startTimeout: z.number(),
  stateDirs: processFields.stateDirs,
  stateVersion: z.nullable(text),
  providedBy: z.optional(text),
  secrets: z.optional(z.strictObject({
    file: text,
    user: z.nullable(text),
    values: z.record(text, z.union([z.strictObject({ secret: z.literal('file'), path: text }), z.strictObject({ secret: z.literal('env'), name: text })])),
  })),
};
agree<Agree<Declared<z.ZodMiniObject<typeof specFields>>, Omit<ProcessSpec, 'dependencies' | 'overrides' | 'inputs'>>>();

/** The normalized description of a process, as plain JSON. */
export const agnosticRecordSchema = z.strictObject({
  formatVersion: z.literal(1),
  ...specFields,
  /** Declared inputs; left out when there are none, so records without inputs keep their hashes. */
  inputs: z.optional(z.array(z.strictObject({ path: text, ignore: texts }))),
  dependencies: z.array(z.strictObject({ instance: text, entry: text })),
  /** Object overrides of every backend, as the model gives them. */
  overrides: z.record(text, z.record(text, z.unknown())),
  /** Backends whose override is a function, which JSON cannot hold. */
  functionOverrides: texts,
});

/** The normalized description of a process, as plain JSON. */
export type AgnosticRecord = Declared<typeof agnosticRecordSchema>;
/** What `overrides.agnostic` may merge into the record. */
export type AgnosticOverrides = DeepPartial<AgnosticRecord>;

/** The record in every entry. */
export const agnosticRecordFile = recordFile('process.json', agnosticRecordSchema);

declare module '../../model/overrides.js' {
  interface BackendRecords {
    agnostic: AgnosticRecord;
  }
  interface BackendOverrides {
    agnostic: AgnosticOverrides;
  }
}
