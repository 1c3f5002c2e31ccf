/**
 * The services reference of a library entry file, and what its documentation lacks.
 * @module
 */
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { intro } from './intro.js';
import type { Problem } from './model.js';
import { readLibrary } from './read.js';
import { renderReference } from './render.js';

/** The project's directory: paths in the page and in problems are relative to it. */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

/** The entry file of `procform/services`. */
export const defaultEntry = 'src/services/index.ts';

/** Where the reference of `procform/services` is kept. */
export const defaultOut = 'docs/services.md';

/** The command that writes `out` from `entry`, both relative to the project. */
export const regenerateCommand = (out: string, entry: string): string =>
  out === defaultOut && entry === defaultEntry ? 'npm run docs:services' : `node --import tsx scripts/services-reference.ts --out ${out} ${entry}`;

/**
 * The Markdown reference of the functions `entry` exports. It is written only when
 * `problems` is empty: every argument needs a description, every optional one a `@default`.
 * @param entry the library's entry file, absolute or relative to the project
 * @param command the command that regenerates the page, named in it
 */
export const servicesReference = (entry: string, command: string): { markdown: string; problems: Problem[] } => {
  const source = relative(projectRoot, resolve(projectRoot, entry));
  const { functions, problems } = readLibrary(source, projectRoot);
  return { markdown: renderReference(functions, intro(source, command)), problems };
};
