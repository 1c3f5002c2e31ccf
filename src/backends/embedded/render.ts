/**
 * Renders the embedded record as canonical JSON (`service.json`).
 * @module
 */
import { canonicalJson } from '../../render/json.js';
import { file, type FileSet } from '../../store/file-set.js';
import { embeddedRecordFile, type EmbeddedService } from './record.js';

/** One file, `service.json`. */
export const render = (record: EmbeddedService): FileSet => [file(embeddedRecordFile.name, canonicalJson(record))];
