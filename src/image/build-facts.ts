/**
 * Reading what a build produced, in memory, for the image: the generation document, the
 * processes in start order with their entries, and the JSON records backends put in them.
 * @module
 */
import type { BuildResult } from '../build/build.js';
import type { GenerationDocument } from '../generation/document.js';
import type { StoreEntry } from '../store/entry.js';
import { StoreError } from '../errors.js';
import { parseRecordFile, type RecordFile } from '../deploy/record-file.js';

/** A process of the build, with its store entry. */
export interface BuiltProcess {
  readonly instance: string;
  readonly name: string;
  readonly dependencies: readonly string[];
  readonly entry: StoreEntry;
}

/** The text of a file of an entry. */
export const entryText = (entry: StoreEntry, path: string): string => {
  const node = entry.files.find((f) => f.path === path);
  if (node === undefined || node.kind !== 'file') throw new StoreError(`store entry ${entry.name} has no file ${path}`);
  return node.content;
};

/** A JSON file of an entry, parsed. */
export const entryJson = <T>(entry: StoreEntry, path: string): T => JSON.parse(entryText(entry, path)) as T;

/** The record file of a process's entry, checked as an activator reads it. */
export const entryRecord = <T>(entry: StoreEntry, file: RecordFile<T>): T =>
  parseRecordFile(`${entry.name}/${file.name}`, entryText(entry, file.name), file);

/** True when the entry holds this file or link. */
export const entryHas = (entry: StoreEntry, path: string): boolean => entry.files.some((f) => f.path === path);

/** The generation document of a build. */
export const generationOf = (build: BuildResult): GenerationDocument => entryJson<GenerationDocument>(build.generation, 'generation.json');

/** The processes in start order (dependencies first); the reverse is the stop order. */
export const startOrder = (build: BuildResult): BuiltProcess[] =>
  build.model.processes.map((spec) => ({ instance: spec.instance, name: spec.name, dependencies: spec.dependencies, entry: build.processEntries.get(spec.instance)! }));

/** Seconds a stop takes at worst: each process's stop timeout, one after another. */
export const stopTimeoutSum = (build: BuildResult): number =>
  Math.ceil(build.model.processes.reduce((sum, spec) => sum + spec.stopTimeout, 0));
