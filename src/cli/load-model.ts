/**
 * The steps every model command starts with: find the model, read its ids, resolve the
 * parameters, load the definition.
 * @module
 */
import { readFileSync } from 'node:fs';
import { loadDefinition } from '../model/load.js';
import type { ProcessesDefinition } from '../model/define-processes.js';
import type { BaseParams } from '../model/evaluate.js';
import { loadIds, modelFile, resolveParams, type ModelOptions } from './params.js';

/** A loaded model with its parameters. */
export interface LoadedModel {
  readonly file: string;
  readonly sourceText: string | undefined;
  readonly params: BaseParams;
  readonly definition: ProcessesDefinition;
}

/** Loads the model named by the options. */
export const loadModel = async (options: ModelOptions): Promise<LoadedModel> => {
  const file = modelFile(options);
  const params = resolveParams(options, loadIds(options, file));
  const definition = await loadDefinition(file);
  let sourceText: string | undefined;
  try {
    sourceText = readFileSync(file, 'utf8');
  } catch {
    sourceText = undefined;
  }
  return { file, sourceText, params, definition };
};
