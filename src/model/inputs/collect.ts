/**
 * Reading a model's inputs through an `InputReader`: declared inputs must exist (a
 * validation problem, blamed like every other), and every tracked path gets its digest.
 * @module
 */
import type { Blame } from '../blame.js';
import type { Problem } from '../problem.js';
import type { ProcessSpec } from '../process-spec.js';
import { automaticCandidates, isSystemPath, isUnder, type DeploymentDirectories, type InputSource } from './automatic.js';
import type { InputReader } from './reader.js';

/** A file or directory whose content is part of a process's entry. */
export interface TrackedInput {
  readonly path: string;
  readonly source: InputSource;
  readonly kind: 'file' | 'directory';
  /** `sha256:` and 64 hex digits. */
  readonly digest: string;
  /** Entries counted in the digest (1 for a file). */
  readonly entries: number;
  /** The names left out of a declared directory. */
  readonly ignore?: readonly string[];
}

/** A path of this machine a process names. */
export interface HostPath {
  readonly path: string;
  readonly kind: 'file' | 'directory';
}

/** What a process takes from this machine. */
export interface ProcessInputs {
  /** Declared inputs, then the executable and file arguments tracked automatically, by path. */
  readonly tracked: readonly TrackedInput[];
  /**
   * Declared inputs, the absolute arguments that exist here and the working directory,
   * outside the store and the system's directories, by path: what a container may need
   * to see from the host (executables aside).
   */
  readonly hostPaths: readonly HostPath[];
}

/** Inputs of a process that declares nothing and runs only system programs. */
export const NO_INPUTS: ProcessInputs = { tracked: [], hostPaths: [] };

/** Declared inputs must be files or directories that exist. */
export const missingInputs = (specs: ReadonlyMap<string, ProcessSpec>, reader: InputReader, blame: (instance: string) => Blame): Problem[] =>
  [...specs].flatMap(([instance, spec]) => spec.inputs.flatMap((input, i): Problem[] => {
    const kind = reader.kind(input.path);
    if (kind === 'file' || kind === 'directory') return [];
    return [{
      code: 'missing-input', instance, field: `inputs[${i}]`,
      message: kind === 'missing' ? `input ${input.path} does not exist` : `input ${input.path} is neither a file nor a directory`,
      hint: 'fix the path (a relative one is taken from the model file\'s directory; in a constructor file use new URL("./dir", import.meta.url)), or remove it from inputs',
      ...blame(instance),
    }];
  }));

const byPath = <T extends { path: string }>(a: T, b: T): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

const hostPathsOf = (spec: ProcessSpec, reader: InputReader, dirs: DeploymentDirectories): HostPath[] => {
  const found = new Map<string, HostPath>();
  // No container borrows these, so they are not even looked at (a build names many store paths).
  const add = (path: string): void => {
    if (!path.startsWith('/') || found.has(path) || isUnder(path, dirs.storeDir) || isSystemPath(path)) return;
    const kind = reader.kind(path);
    if (kind === 'file' || kind === 'directory') found.set(path, { path, kind });
  };
  spec.inputs.forEach((input) => add(input.path));
  [...spec.foregroundProcessArgs, ...spec.daemonArgs].forEach(add);
  if (spec.directory !== null) add(spec.directory);
  return [...found.values()].sort(byPath);
};

/** The inputs of one process; a path that cannot be read is a problem. */
const readProcess = (spec: ProcessSpec, reader: InputReader, dirs: DeploymentDirectories): { inputs: ProcessInputs; failures: { field: string; message: string }[] } => {
  const tracked: TrackedInput[] = [];
  const failures: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  spec.inputs.forEach((input, i) => {
    seen.add(input.path);
    const kind = reader.kind(input.path) === 'directory' ? 'directory' : 'file';
    try {
      tracked.push({ path: input.path, source: 'declared', kind, ...reader.digest(input.path, input.ignore), ...(kind === 'directory' ? { ignore: input.ignore } : {}) });
    } catch (error) {
      failures.push({ field: `inputs[${i}]`, message: (error as Error).message });
    }
  });
  for (const candidate of automaticCandidates(spec, dirs)) {
    if (seen.has(candidate.path) || reader.kind(candidate.path) !== 'file') continue;
    seen.add(candidate.path);
    try {
      tracked.push({ ...candidate, kind: 'file', ...reader.digest(candidate.path, []) });
    } catch (error) {
      failures.push({ field: candidate.source === 'executable' ? 'process' : 'args', message: (error as Error).message });
    }
  }
  return { inputs: { tracked: tracked.sort(byPath), hostPaths: hostPathsOf(spec, reader, dirs) }, failures };
};

/** Reads the inputs of every process; returns them by instance, with the paths that could not be read. */
export const readInputs = (
  specs: ReadonlyMap<string, ProcessSpec>,
  reader: InputReader,
  dirs: DeploymentDirectories,
  blame: (instance: string) => Blame,
): { inputs: Map<string, ProcessInputs>; problems: Problem[] } => {
  const inputs = new Map<string, ProcessInputs>();
  const problems: Problem[] = [];
  for (const [instance, spec] of specs) {
    const read = readProcess(spec, reader, dirs);
    inputs.set(instance, read.inputs);
    for (const { field, message } of read.failures) {
      problems.push({ code: 'unreadable-input', instance, field, message, hint: 'make it readable by the user running procform, or leave it out with an ignore pattern', ...blame(instance) });
    }
  }
  return { inputs, problems };
};
