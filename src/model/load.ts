/**
 * Loading a processes model file (TypeScript or JavaScript) without a build step.
 * `procform` is aliased to this copy of procform, so a model outside any project with
 * procform installed still resolves its import.
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { createJiti } from 'jiti';
import { ModelLoadError } from '../errors.js';
import { isProcessesDefinition, type ProcessesDefinition } from './define-processes.js';

const ownFile = (module: string): string => {
  const js = fileURLToPath(new URL(`../${module}.js`, import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL(`../${module}.ts`, import.meta.url));
};

/** Imports any module through the same loader the model uses (for id-resources files in TS). */
export const importFresh = async (file: string): Promise<unknown> => {
  // Source maps make stack traces, and so validation blame, point at the user's .ts lines.
  process.setSourceMapsEnabled(true);
  const jiti = createJiti(import.meta.url, {
    moduleCache: false,
    fsCache: false,
    sourceMaps: true,
    interopDefault: false,
    // The longer name first: an alias also matches as a prefix.
    alias: { 'procform/services': ownFile('services/index'), procform: ownFile('index') },
  });
  return jiti.import(resolve(file));
};

/**
 * Loads a model file and returns its `defineProcesses` definition. Every call evaluates
 * the file afresh, so two loads can be compared (`build --check`).
 */
export const loadDefinition = async (file: string): Promise<ProcessesDefinition> => {
  const path = resolve(file);
  if (!existsSync(path)) {
    throw new ModelLoadError(`processes model ${path} does not exist`, path);
  }
  let mod: unknown;
  try {
    mod = await importFresh(path);
  } catch (error) {
    throw new ModelLoadError(`cannot load processes model ${path}: ${(error as Error).message ?? String(error)}`, path, { cause: error });
  }
  const definition = (mod as { default?: unknown }).default;
  if (!isProcessesDefinition(definition)) {
    throw new ModelLoadError(`${path} must have a default export made by defineProcesses((params) => ({ ... }))`, path);
  }
  return definition;
};
