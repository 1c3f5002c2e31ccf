/**
 * `procform logs` for managers that write a process's output to files (supervisord, s6-log,
 * svlogd, sysvinit's log file, systemd's `append:` files, …): the last lines of each file,
 * then, when following, every new line across rotations, with the shared log reader of the
 * embedded supervisor.
 * @module
 */
import { checkNames } from '../deploy/control-plan.js';
import { followLog, readLastLines } from '../logs/tail.js';
import type { ActivationGeneration } from '../deploy/activator.js';
import type { LogOptions, LogSink } from '../deploy/observation.js';

/** One log file of a process. */
export interface LogFile {
  readonly instance: string;
  readonly path: string;
  /** The stream its lines are reported as (`stdout` when the manager mixes both into one file). */
  readonly stream: 'stdout' | 'stderr';
  /** Turns a stored line into the process's line, e.g. without the logger's timestamp. */
  readonly strip?: (line: string) => string;
}

/** The log files of the processes `instance` selects (all when null); ControlError for an unknown name. */
export const selectLogFiles = (generation: ActivationGeneration, instance: string | null, filesOf: (instance: string) => readonly LogFile[]): LogFile[] => {
  if (instance !== null) checkNames([instance], generation.units);
  return generation.units.filter((u) => instance === null || u.instance === instance).flatMap((u) => filesOf(u.instance));
};

/** Prints the last lines of each file in turn, then follows them all side by side when asked. */
export const showLogFiles = async (files: readonly LogFile[], options: LogOptions, onLine: LogSink): Promise<void> => {
  const emit = (file: LogFile) => (text: string): void => onLine({ instance: file.instance, stream: file.stream, text: file.strip ? file.strip(text) : text });
  if (!options.follow) {
    for (const file of files) readLastLines(file.path, options.lines).forEach(emit(file));
    return;
  }
  const signal = options.signal ?? new AbortController().signal;
  await Promise.all(files.map((file) => followLog(file.path, { lines: options.lines, signal }, emit(file))));
};

/** The last `count` lines of a process's files, for the status of a failed process. */
export const lastLinesOf = (files: readonly LogFile[], count = 10): string[] =>
  files.flatMap((file) => {
    try {
      return readLastLines(file.path, count).map((line) => (file.strip ? file.strip(line) : line));
    } catch {
      return [];
    }
  }).slice(-count);
