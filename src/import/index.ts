/**
 * `procform import`: reads a Procfile, process-compose file, docker compose file, PM2
 * ecosystem file, supervisord configuration or systemd units, and writes the same
 * system as a procform model.
 * @module
 */
export { importSource, type ImportOptions, type ImportResult } from './import-source.js';
export { FORMATS, type Format, type ImportedSystem, type Note } from './types.js';
export { detectFormat } from './detect.js';
export type { IdsFile, WrittenModel } from './writer.js';
