/**
 * Renders the embedded record as canonical JSON (`service.json`).
 * @module
 */
import { canonicalJson } from '../../render/json.js';
import { file, type FileSet } from '../../store/file-set.js';
import type { EmbeddedService } from './translate.js';

/** The file name of the record inside the entry. */
export const SERVICE_FILE = 'service.json';

/** One file, `service.json`. */
export const render = (record: EmbeddedService): FileSet => [file(SERVICE_FILE, canonicalJson(record))];
