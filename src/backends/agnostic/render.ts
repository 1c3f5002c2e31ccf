/**
 * Renders the agnostic record as canonical JSON.
 * @module
 */
import { canonicalJson } from '../../render/json.js';
import { file, type FileSet } from '../../store/file-set.js';
import { agnosticRecordFile, type AgnosticRecord } from './record.js';

/** One file, `process.json`. */
export const render = (record: AgnosticRecord): FileSet => [file(agnosticRecordFile.name, canonicalJson(record))];
