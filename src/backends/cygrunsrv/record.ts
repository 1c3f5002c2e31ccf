/**
 * The cygrunsrv backend's record of a process: one Windows service's settings as data. The
 * entry keeps it as `cygrunsrv.json`, which the activator reads back.
 * @module
 */
import * as z from 'zod/mini';
import type { DeepPartial } from '../../model/overrides.js';
import { recordFile } from '../../deploy/record-file.js';
import { environmentSchema, processFields, recordHeadFields, stateDirSchema, type Declared } from '../../deploy/record-schema.js';

/** The sh start script run as `--path` when cygrunsrv cannot express a setting itself. */
export const startScriptSchema = z.strictObject({
  /** Path of the script inside the entry. */
  file: z.string(),
  umask: z.nullable(z.string()),
  nice: z.nullable(z.number()),
  initialize: z.string(),
  stateDirs: z.array(stateDirSchema),
  /**
   * The command, when its argv cannot be passed through `--args` (it is then written into
   * the script, shell-quoted); null when the script execs its own arguments (`"$@"`).
   */
  command: z.nullable(z.array(z.string())),
});

/** The native settings of one cygrunsrv service (a Windows service has no oneshot `type`). */
export const cygrunsrvServiceSchema = z.strictObject({
  formatVersion: recordHeadFields.formatVersion,
  instance: recordHeadFields.instance,
  name: recordHeadFields.name,
  description: recordHeadFields.description,
  /** Windows service name: `procform-<name>`. */
  serviceName: z.string(),
  /** `--path`: the executable cygrunsrv execs (the start script when there is one). */
  path: z.string(),
  /** argv after argv[0] that the child must receive; encoded into `--args`. */
  args: z.array(z.string()),
  /** `--env K=V`, added to the service's environment. */
  environment: environmentSchema,
  /** `--chdir`. */
  directory: z.nullable(z.string()),
  /** `--user` (the password is read from PROCFORM_CYGRUNSRV_PASSWORD at install time, never stored). */
  user: z.nullable(z.string()),
  /** `--type`: auto starts the service at boot. */
  startType: z.enum(['auto', 'manual']),
  /** `--termsig`, a signal name without SIG. */
  termsig: z.string(),
  /** `--dep`: service names this one depends on. */
  dependencies: z.array(z.string()),
  /** Instances this process depends on (for the activator). */
  dependencyInstances: z.array(z.string()),
  /** `--stdout` / `--stderr`. */
  stdout: z.string(),
  stderr: z.string(),
  /** `--pidfile` for a daemon-only process, else null. */
  pidFile: z.nullable(z.string()),
  /** `--shutdown`: stop the process when Windows shuts down. */
  stopOnShutdown: z.boolean(),
  /** `--neverexits`: an exit counts as a service failure (Windows recovery actions apply). */
  neverExits: z.boolean(),
  startScript: z.nullable(startScriptSchema),
  /** Waited for by the activator after `--start`. */
  readiness: processFields.readiness,
});

/** The start script of a cygrunsrv service. */
export type StartScript = Declared<typeof startScriptSchema>;
/** The native settings of one cygrunsrv service. */
export type CygrunsrvService = Declared<typeof cygrunsrvServiceSchema>;
/** What `overrides.cygrunsrv` may merge into the record. */
export type CygrunsrvOverrides = DeepPartial<CygrunsrvService>;

/** The record in every entry, for the activator. */
export const cygrunsrvRecordFile = recordFile('cygrunsrv.json', cygrunsrvServiceSchema);

declare module '../../model/overrides.js' {
  interface BackendRecords {
    cygrunsrv: CygrunsrvService;
  }
  interface BackendOverrides {
    cygrunsrv: CygrunsrvOverrides;
  }
}
