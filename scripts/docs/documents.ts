/**
 * Every document procform generates from its source, and how each is made: the services
 * reference, the model reference, and the backend tables of the README.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BACKENDS } from '../../src/backends/registry.js';
import { defaultEntry, defaultOut, projectRoot, regenerateCommand, servicesReference } from '../services-reference/generate.js';
import { backendTables } from './backend-tables.js';
import { MODEL_REFERENCE, modelReference } from './model-reference.js';

/** The command that writes every document. */
export const DOCS_COMMAND = 'npm run docs';

/** A generated document: what it should hold now, or why it cannot be written. */
export interface Document {
  /** The file, relative to the project. */
  readonly path: string;
  /** Its content as generated from the source now. */
  readonly content: string;
  /** What keeps it from being written (missing documentation, unknown markers); empty when nothing. */
  readonly problems: readonly string[];
}

const current = (path: string): string => {
  const file = join(projectRoot, path);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
};

/** Every generated document, as its generator makes it from the source now. */
export const documents = (): Document[] => {
  const services = servicesReference(defaultEntry, regenerateCommand(defaultOut, defaultEntry));
  const model = modelReference(projectRoot, DOCS_COMMAND);
  const readme = backendTables(current('README.md'), [...BACKENDS.values()], DOCS_COMMAND);
  return [
    { path: defaultOut, content: services.markdown, problems: services.problems.map((p) => `${p.at}: ${p.message}`) },
    { path: MODEL_REFERENCE, content: model.markdown, problems: model.problems.map((p) => `${p.at}: ${p.message}`) },
    { path: 'README.md', content: readme.text, problems: readme.problems.map((p) => `README.md: ${p}`) },
  ];
};

/** Whether the committed copy of a document is what its generator makes now. */
export const isCurrent = (document: Document): boolean => current(document.path) === document.content;
