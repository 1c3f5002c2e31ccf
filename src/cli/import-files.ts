/**
 * Writing what an import made: the model and, when ports were assigned, the ids file
 * beside it. Nothing is overwritten without `--force`, and both files appear whole
 * (written under a temporary name and renamed).
 * @module
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import type { WrittenModel } from '../import/index.js';

/** The paths written. */
export interface WrittenFiles {
  readonly model: string;
  readonly ids?: string;
}

const writeWhole = (path: string, text: string): void => {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
};

/** Writes the model at `modelPath` and its ids file; refuses to replace files unless `force`. */
export const writeImport = (written: WrittenModel, modelPath: string, force: boolean): WrittenFiles => {
  const idsPath = join(dirname(modelPath), 'ids.json');
  const paths = [modelPath, ...(written.ids ? [idsPath] : [])];
  const existing = paths.filter((p) => existsSync(p));
  if (existing.length > 0 && !force) throw new InputError(`${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}`, 'pass --force to replace, or -o to write elsewhere');
  writeWhole(modelPath, written.model);
  if (written.ids) writeWhole(idsPath, `${JSON.stringify(written.ids, null, 2)}\n`);
  return { model: modelPath, ...(written.ids ? { ids: idsPath } : {}) };
};
