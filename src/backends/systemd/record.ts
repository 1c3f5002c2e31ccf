/**
 * The systemd backend's record of a process: one `.service` unit by section, its scripts,
 * and what the activator does itself. The entry keeps the activator's part as
 * `procform.json`, read back on every switch.
 * @module
 */
import * as z from 'zod/mini';
import type { DeepPartial } from '../../model/overrides.js';
import { recordFile } from '../../deploy/record-file.js';
import { environmentSchema, processFields, processTypeSchema, restartPolicySchema, type Declared } from '../../deploy/record-schema.js';

/** What the activator reads from the entry. */
export const systemdActivationSchema = z.strictObject({
  instance: z.string(),
  unit: z.string(),
  type: processTypeSchema,
  readiness: processFields.readiness,
  /** The unit waits for the readiness itself (ExecStartPost=): started means ready. */
  readinessInUnit: z.boolean(),
  environment: environmentSchema,
  directory: processFields.directory,
  /** User and group exec readiness checks run as: the unit's. */
  user: processFields.user,
  group: processFields.group,
  dependencies: z.array(z.string()),
  logs: z.strictObject({ stdout: z.string(), stderr: z.string() }),
});

const command = z.strictObject({ privileged: z.boolean(), argv: z.array(z.string()) });

/** The native settings of one `.service` unit, by section. */
export const systemdUnitSchema = z.strictObject({
  name: z.string(),
  unit: z.strictObject({
    Description: z.string(),
    Wants: z.array(z.string()),
    After: z.array(z.string()),
    StartLimitIntervalSec: z.number(),
    StartLimitBurst: z.number(),
  }),
  service: z.strictObject({
    Type: z.enum(['simple', 'forking', 'oneshot']),
    RemainAfterExit: z.boolean(),
    PIDFile: z.nullable(z.string()),
    ExecStartPre: z.array(command),
    ExecStart: z.array(z.string()),
    ExecStartPost: z.array(command),
    /** A directory below the manager's runtime directory for the unit's readiness script. */
    RuntimeDirectory: z.nullable(z.string()),
    Environment: environmentSchema,
    /**
     * The process's secrets file, read by systemd itself (as root) at each start; absent
     * when it has none, so other units keep their hashes.
     */
    EnvironmentFile: z.optional(z.string()),
    WorkingDirectory: z.nullable(z.string()),
    User: z.nullable(z.string()),
    Group: z.nullable(z.string()),
    UMask: z.nullable(z.string()),
    Nice: z.nullable(z.number()),
    Restart: restartPolicySchema,
    RestartSec: z.number(),
    TimeoutStartSec: z.number(),
    KillSignal: z.string(),
    TimeoutStopSec: z.number(),
    StandardOutput: z.string(),
    StandardError: z.string(),
  }),
  install: z.strictObject({ WantedBy: z.array(z.string()) }),
  /** Script files of the entry: `prepare` (state directories), `initialize`, `ready`. */
  scripts: z.record(z.string(), z.string()),
  activation: systemdActivationSchema,
});

/** What the activator reads from the entry. */
export type SystemdActivation = Declared<typeof systemdActivationSchema>;
/** The native settings of one `.service` unit. */
export type SystemdUnit = Declared<typeof systemdUnitSchema>;
/** What `overrides.systemd` may merge into the record. */
export type SystemdOverrides = DeepPartial<SystemdUnit>;

/** The activator's part of the record in every entry. */
export const systemdRecordFile = recordFile('procform.json', systemdActivationSchema);

declare module '../../model/overrides.js' {
  interface BackendRecords {
    systemd: SystemdUnit;
  }
  interface BackendOverrides {
    systemd: SystemdOverrides;
  }
}
