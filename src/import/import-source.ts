/**
 * Importing one source: reading it, telling its format, handing it to that format's
 * importer, and writing the result as a model.
 * @module
 */
import { resolve } from 'node:path';
import { InputError } from '../errors.js';
import { detectFormat } from './detect.js';
import { readOptional, readSource } from './read-source.js';
import { importProcfile } from './procfile.js';
import { importSupervisord } from './supervisord.js';
import { importProcessCompose } from './process-compose.js';
import { importCompose } from './compose.js';
import { importPm2 } from './pm2.js';
import { importSystemd } from './systemd.js';
import { writeModel, type WrittenModel } from './writer.js';
import { FORMATS, type Format, type ImportContext, type ImportedSystem } from './types.js';

/** Options of `importSource`. */
export interface ImportOptions {
  /** The source's format; detected from its name and content when absent. */
  readonly from?: Format;
  /** Directory of the model file to write: paths below it are written relative to it. */
  readonly modelDir: string;
}

/** The imported system and the files that describe it. */
export interface ImportResult extends WrittenModel {
  readonly system: ImportedSystem;
}

/** Reads `file` and writes it as a model; throws `InputError` for a file it cannot read. */
export const importSource = async (file: string, options: ImportOptions): Promise<ImportResult> => {
  const path = resolve(file);
  const text = readSource(path);
  const format = options.from ?? detectFormat(path, text);
  if (format === undefined) throw new InputError(`cannot tell the format of ${file}`, `name it with --from (${FORMATS.join(', ')})`);
  if (text === undefined && format !== 'systemd') throw new InputError(`${file} is a directory; only systemd units are read from a directory`);
  const context: ImportContext = { file: path, readFile: readOptional };
  const importers: Record<Format, () => ImportedSystem | Promise<ImportedSystem>> = {
    procfile: () => importProcfile(text!, context),
    supervisord: () => importSupervisord(text!, context),
    'process-compose': () => importProcessCompose(text!, context),
    compose: () => importCompose(text!, context),
    pm2: () => importPm2(text!, context),
    systemd: () => importSystemd(text, context),
  };
  const system = await importers[format]();
  if (system.processes.length === 0) throw new InputError(`${file} describes no process procform could import`);
  return { system, ...writeModel(system, resolve(options.modelDir)) };
};
