/**
 * The supervisord backend's record of a process: its `[program:x]` settings, plus what
 * procform's activator emulates (readiness, state directories, dependency order). The
 * entry keeps the activator's part as `procform.json`, read back on every switch.
 * @module
 */
import * as z from 'zod/mini';
import type { DeepPartial } from '../../model/overrides.js';
import { recordFile } from '../../deploy/record-file.js';
import { environmentSchema, processFields, processTypeSchema, type Declared } from '../../deploy/record-schema.js';

/** What the activator emulates for a program. */
export const supervisordActivationSchema = z.strictObject({
  instance: z.string(),
  type: processTypeSchema,
  readiness: processFields.readiness,
  stateDirs: processFields.stateDirs,
  /** Environment and directory of exec readiness checks. */
  environment: environmentSchema,
  directory: processFields.directory,
  /** User and group exec readiness checks run as: the program's. */
  user: processFields.user,
  group: processFields.group,
  dependencies: z.array(z.string()),
});

/** One `[program:x]` section, keys as supervisord names them. */
export const supervisordProgramSchema = z.strictObject({
  program: z.string(),
  /** Exact argv supervisord runs (quoted for shlex at render time). */
  command: z.array(z.string()),
  /** `environment=`; only values its syntax carries exactly (others are exported by the wrapper). */
  environment: environmentSchema,
  directory: z.nullable(z.string()),
  user: z.nullable(z.string()),
  umask: z.nullable(z.string()),
  priority: z.number(),
  autostart: z.literal(false),
  autorestart: z.enum(['true', 'false', 'unexpected']),
  exitcodes: z.array(z.number()),
  startsecs: z.number(),
  startretries: z.number(),
  stopsignal: z.string(),
  stopwaitsecs: z.number(),
  stopasgroup: z.boolean(),
  killasgroup: z.boolean(),
  redirect_stderr: z.literal(false),
  stdout_logfile: z.string(),
  stdout_logfile_maxbytes: z.string(),
  stdout_logfile_backups: z.number(),
  stderr_logfile: z.string(),
  stderr_logfile_maxbytes: z.string(),
  stderr_logfile_backups: z.number(),
  /** Shell script written as `run` in the entry, when `command` is that script; else null. */
  wrapper: z.nullable(z.string()),
  /** True when the entry carries the daemon proxy script. */
  daemonProxy: z.boolean(),
  activation: supervisordActivationSchema,
});

/** `procform.json`: what the activator emulates, with the program name and its log files. */
export const supervisordEntrySchema = z.strictObject({
  ...supervisordActivationSchema.shape,
  program: z.string(),
  logs: z.strictObject({ stdout: z.string(), stderr: z.string() }),
});

/** What the activator emulates for a program. */
export type SupervisordActivation = Declared<typeof supervisordActivationSchema>;
/** One `[program:x]` section. */
export type SupervisordProgram = Declared<typeof supervisordProgramSchema>;
/** What the activator reads from an entry. */
export type SupervisordEntry = Declared<typeof supervisordEntrySchema>;
/** What `overrides.supervisord` may merge into the record. */
export type SupervisordOverrides = DeepPartial<SupervisordProgram>;

/** The activator's part of the record in every entry. */
export const supervisordRecordFile = recordFile('procform.json', supervisordEntrySchema);

declare module '../../model/overrides.js' {
  interface BackendRecords {
    supervisord: SupervisordProgram;
  }
  interface BackendOverrides {
    supervisord: SupervisordOverrides;
  }
}
