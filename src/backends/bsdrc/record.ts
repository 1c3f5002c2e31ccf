/**
 * The bsdrc backend's record of a process: one rc.d script's settings as data. The entry
 * keeps it as `bsdrc.json`, which the activator reads back.
 * @module
 */
import * as z from 'zod/mini';
import type { DeepPartial } from '../../model/overrides.js';
import { recordFile } from '../../deploy/record-file.js';
import { processFields, recordHeadFields, runModeFields, type Declared } from '../../deploy/record-schema.js';

/**
 * The native settings of one rc.d script. `name` is the script's name, `name=`,
 * `# PROVIDE:` and the prefix of every rc.conf variable; `mode` `daemon`: `command` forks
 * and writes `childPidFile`, `foreground`: daemon(8) supervises it; the environment is
 * exactly the process's (`env -i` through `${name}_env`), PATH defaulting to the system
 * PATH; `user` is `${name}_user` (rc.subr runs the command with `su -m`); `initialize` is
 * `start_precmd`, run as root before the user switch; readiness is waited for by the
 * activator after `onestart` (rc.subr has none).
 */
export const bsdrcScriptSchema = z.strictObject({
  ...recordHeadFields,
  mode: runModeFields.mode,
  ...processFields,
  /** The exact argv rc.subr runs: `command` is argv[0], `command_args` the rest. */
  argv: z.array(z.string()),
  /** The process's own pid file (written by a forking daemon, or by daemon(8) -p). */
  childPidFile: z.string(),
  /** rc.subr's `pidfile=`: the child's (daemon mode) or daemon(8)'s (foreground mode); null for a oneshot. */
  pidFile: z.nullable(z.string()),
  /** `sig_stop=`. */
  stopSignal: z.string(),
  /** `sig_reload=` with `extra_commands=reload` (daemon mode only: daemon(8) does not forward SIGHUP); null: no reload. */
  reloadSignal: z.nullable(z.string()),
  /** `# REQUIRE:` (rcorder): names of the scripts of the dependencies. */
  requires: z.array(z.string()),
  dependencies: z.array(z.string()),
  keywords: z.array(z.string()),
  /** Output of a foreground process (daemon(8) -o). */
  logFile: z.string(),
  stopTimeout: z.number(),
});

/** The native settings of one rc.d script. */
export type BsdrcScript = Declared<typeof bsdrcScriptSchema>;
/** What `overrides.bsdrc` may merge into the record. */
export type BsdrcOverrides = DeepPartial<BsdrcScript>;

/** The record in every entry, for the activator. */
export const bsdrcRecordFile = recordFile('bsdrc.json', bsdrcScriptSchema);

declare module '../../model/overrides.js' {
  interface BackendRecords {
    bsdrc: BsdrcScript;
  }
  interface BackendOverrides {
    bsdrc: BsdrcOverrides;
  }
}
