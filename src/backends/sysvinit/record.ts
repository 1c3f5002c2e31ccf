/**
 * The sysvinit backend's record of a process: one LSB init script's settings as data. The
 * entry keeps it as `sysvinit.json`, which the activator reads back (readiness, ordering).
 * @module
 */
import * as z from 'zod/mini';
import type { DeepPartial } from '../../model/overrides.js';
import { recordFile } from '../../deploy/record-file.js';
import { processFields, recordHeadFields, runModeFields, type Declared } from '../../deploy/record-schema.js';

/**
 * The native settings of one init script. `name` is the script's name and LSB `Provides`;
 * `mode` `daemon`: the command forks and writes `pidFile`, `foreground`: start-stop-daemon
 * daemonises it; a `oneshot`'s `start` runs the command to completion and `status` reports
 * whether it succeeded; `user` is applied with `--chuid` when the script runs as root; the
 * environment is exactly the process's (`env -i`), PATH defaulting to the system PATH;
 * `initialize` runs in `start` before the process, as the caller (root); readiness is
 * waited for by the activator after `start` (sysvinit has none of its own).
 */
export const sysvinitScriptSchema = z.strictObject({
  ...recordHeadFields,
  ...runModeFields,
  ...processFields,
  pidFile: z.string(),
  stopSignal: z.string(),
  /** Seconds before SIGKILL. */
  stopTimeout: z.number(),
  /** Signal of `reload`; null makes `reload` a restart. */
  reloadSignal: z.nullable(z.string()),
  /** Runlevels the script starts in (`Default-Start`); it stops in the others (`Default-Stop`). */
  runlevels: z.array(z.number()),
  /** Names (`Provides`) of the scripts this one requires (`Required-Start`/`Required-Stop`). */
  requires: z.array(z.string()),
  /** Instances this process depends on. */
  dependencies: z.array(z.string()),
  /** rc.d sequence numbers: start = 1 + the highest start of its dependencies (0 without), stop = 99 − start. */
  startSequence: z.number(),
  stopSequence: z.number(),
  /** Output of the process (and of a daemon before it detaches). */
  logFile: z.string(),
});

/** The native settings of one init script. */
export type SysvinitScript = Declared<typeof sysvinitScriptSchema>;
/** What `overrides.sysvinit` may merge into the record. */
export type SysvinitOverrides = DeepPartial<SysvinitScript>;

/** The record in every entry, for the activator. */
export const sysvinitRecordFile = recordFile('sysvinit.json', sysvinitScriptSchema);

declare module '../../model/overrides.js' {
  interface BackendRecords {
    sysvinit: SysvinitScript;
  }
  interface BackendOverrides {
    sysvinit: SysvinitOverrides;
  }
}
