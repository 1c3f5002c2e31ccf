/**
 * The parts of a process record that every backend derives from the model the same way:
 * the identity fields a record starts with, and how the process is run (foreground, or a
 * daemon watched through its pid file).
 * @module
 */
import type * as z from 'zod/mini';
import type { ProcessSpec } from '../model/process-spec.js';
import type { Declared, recordHeadFields, runModeFields } from '../deploy/record-schema.js';

/** The fields a backend's record starts with. */
export type RecordHead = Declared<z.ZodMiniObject<typeof recordHeadFields>>;

/** The identity fields of a process's record, in the order records list them. */
export const recordHead = (spec: ProcessSpec): RecordHead => ({
  formatVersion: 1,
  instance: spec.instance,
  name: spec.name,
  description: spec.description,
  type: spec.type,
});

/** How a process runs under a manager that supervises one process per service. */
export type RunMode = Declared<z.ZodMiniObject<typeof runModeFields>>;

/** The run mode of a process: its foreground process when it has one (preferred), else its daemon. */
export const runMode = (spec: ProcessSpec): RunMode =>
  spec.foregroundProcess !== null
    ? { mode: 'foreground', command: [spec.foregroundProcess, ...spec.foregroundProcessArgs], pidFile: null }
    : { mode: 'daemon', command: [spec.daemon!, ...spec.daemonArgs], pidFile: spec.pidFile };
