/**
 * What an importer makes of a source file: processes in procform's terms, and every
 * statement of the source procform cannot express, kept as a note so it is never lost.
 * @module
 */
import type { ReadinessInput } from '../model/readiness.js';
import type { RestartInput } from '../model/restart.js';

/** The formats `procform import` reads. */
export const FORMATS = ['procfile', 'process-compose', 'compose', 'pm2', 'supervisord', 'systemd'] as const;

/** One of `FORMATS`. */
export type Format = (typeof FORMATS)[number];

/** Something the source says that the generated model does not carry out. */
export interface Note {
  /** The instance it belongs to; absent for the file as a whole. */
  readonly instance?: string;
  /** The source's own name for the setting, e.g. `watch` or `ExecStop`. */
  readonly field: string;
  /** What it says and what procform does instead. */
  readonly message: string;
}

/** A command line: the executable and its arguments, exactly as the program receives them. */
export interface Argv {
  readonly executable: string;
  readonly args: readonly string[];
}


/** One process of the imported system: a `createManagedProcess` call. */
export interface ImportedProcess {
  /** Instance name, valid for procform. */
  readonly instance: string;
  readonly description?: string;
  readonly command: Argv;
  /** The command forks and writes `pidFile` (systemd's Type=forking): written as daemon mode. */
  readonly daemon?: boolean;
  readonly type?: 'oneshot';
  /** Environment in the order the source gives it; later entries win. */
  readonly environment: readonly (readonly [string, string])[];
  /** Absolute paths of dotenv files, read at build time. */
  readonly envFiles: readonly string[];
  readonly directory?: string;
  readonly user?: string;
  /** Instance names of the processes this one waits for. */
  readonly dependencies: readonly string[];
  readonly readiness?: ReadinessInput;
  readonly restart?: RestartInput;
  readonly stopSignal?: string;
  readonly stopTimeout?: number;
  readonly startTimeout?: number;
  readonly umask?: string;
  readonly nice?: number;
  readonly pidFile?: string;
  /** A port the process listens on, as instance metadata (and in ids.json when assigned). */
  readonly port?: number;
  /** The port came from the importer, as the original tool assigns it, rather than from the source. */
  readonly assignedPort?: boolean;
}

/** The result of reading a source file. */
export interface ImportedSystem {
  readonly format: Format;
  /** Absolute path of the source file. */
  readonly source: string;
  readonly processes: readonly ImportedProcess[];
  readonly notes: readonly Note[];
}

/** What every importer needs besides the file's text. */
export interface ImportContext {
  /** Absolute path of the source file. */
  readonly file: string;
  /** Reads a file next to the source (an env file); undefined when it does not exist. */
  readonly readFile: (path: string) => string | undefined;
}
