/**
 * The parts of a process record that every backend derives from the model the same way:
 * the identity fields a record starts with, and how the process is run (foreground, or a
 * daemon watched through its pid file).
 * @module
 */
import type { ProcessSpec } from '../model/process-spec.js';

/** The fields a backend's record starts with. */
export interface RecordHead {
  readonly formatVersion: 1;
  readonly instance: string;
  readonly name: string;
  readonly description: string;
  readonly type: ProcessSpec['type'];
}

/** The identity fields of a process's record, in the order records list them. */
export const recordHead = (spec: ProcessSpec): RecordHead => ({
  formatVersion: 1,
  instance: spec.instance,
  name: spec.name,
  description: spec.description,
  type: spec.type,
});

/** How a process runs under a manager that supervises one process per service. */
export interface RunMode {
  /** `foreground` when the model gives one; the daemon otherwise. */
  readonly mode: 'foreground' | 'daemon';
  /** Exact argv of the foreground process or of the daemon. */
  readonly command: readonly string[];
  /** The daemon's pid file; null in foreground mode. */
  readonly pidFile: string | null;
}

/** The run mode of a process: its foreground process when it has one (preferred), else its daemon. */
export const runMode = (spec: ProcessSpec): RunMode =>
  spec.foregroundProcess !== null
    ? { mode: 'foreground', command: [spec.foregroundProcess, ...spec.foregroundProcessArgs], pidFile: null }
    : { mode: 'daemon', command: [spec.daemon!, ...spec.daemonArgs], pidFile: spec.pidFile };
