/**
 * The generation entry: one store entry that names the backend, the settings and every
 * process entry of a build. Switching between deployments is switching between these.
 * @module
 */
import type { AnalyzedModel } from '../model/analyze.js';
import type { BuildSettings } from './settings.js';
import { canonicalJson } from '../render/json.js';
import { file, link, type FileSet } from '../store/file-set.js';
import type { StoreEntry } from '../store/entry.js';
import type { CredentialsSpec } from '../model/process-spec.js';
import { collectCredentials } from './credentials.js';
import { DEFAULT_START_TIMEOUT } from '../model/normalize.js';
import type { SecretsSpec } from '../model/secret.js';

/** The JSON document of a generation (`generation.json`). */
export interface GenerationDocument {
  readonly formatVersion: 1;
  readonly backend: string;
  readonly settings: BuildSettings;
  /** Processes in start order (dependencies first). */
  readonly processes: readonly {
    readonly instance: string;
    readonly name: string;
    readonly entry: string;
    readonly dependencies: readonly string[];
    /** Present only when the process declares one, so other generations keep their hashes. */
    readonly stateVersion?: string;
    /** Seconds a switch waits for the process to come up; present only when not the default. */
    readonly startTimeout?: number;
    /** Where its secrets come from and the file they are delivered in; present only when it has some. */
    readonly secrets?: SecretsSpec;
  }[];
  readonly metadata: AnalyzedModel['metadata'];
  /** Entries written by `params.writeFile`. */
  readonly files: readonly string[];
  /** Users and groups of every process, merged: what a deployment creates. */
  readonly credentials: CredentialsSpec;
}

/** Store entry name of a generation. */
export const generationName = (backend: string): string => `generation-${backend}`;

/** Renders the generation entry's files: the document plus a link per process. */
export const renderGeneration = (document: GenerationDocument): FileSet => [
  file('generation.json', canonicalJson(document)),
  ...document.processes.map((p) => link(`processes/${p.instance}`, p.entry)),
];

/** Builds the document from the analyzed model and the realized process entries. */
export const generationDocument = (
  backend: string,
  settings: BuildSettings,
  model: AnalyzedModel,
  entries: ReadonlyMap<string, StoreEntry>,
  files: readonly string[],
): GenerationDocument => ({
  formatVersion: 1,
  backend,
  settings,
  processes: model.processes.map((spec) => ({
    instance: spec.instance, name: spec.name, entry: entries.get(spec.instance)!.path, dependencies: spec.dependencies,
    ...(spec.stateVersion === null ? {} : { stateVersion: spec.stateVersion }),
    ...(spec.startTimeout === DEFAULT_START_TIMEOUT ? {} : { startTimeout: spec.startTimeout }),
    ...(spec.secrets === undefined ? {} : { secrets: spec.secrets }),
  })),
  metadata: model.metadata,
  files: [...files].sort(),
  credentials: collectCredentials(model.processes),
});
