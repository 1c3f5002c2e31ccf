/**
 * Renders the agnostic record as canonical JSON.
 * @module
 */
import { canonicalJson } from '../../render/json.js';
import { file, type FileSet } from '../../store/file-set.js';
import type { AgnosticRecord } from './translate.js';

/** One file, `process.json`. */
export const render = (record: AgnosticRecord): FileSet => [file('process.json', canonicalJson(record))];
