/**
 * The agnostic backend: no process manager, just the normalized description of every
 * process as JSON (nix-processmgmt's `processManager = null`), for tools and for
 * translation on another machine.
 * @module
 */
import type { Backend } from '../../deploy/backend.js';
import { render } from './render.js';
import { translate } from './translate.js';
import { agnosticRecordFile, type AgnosticRecord } from './record.js';

/** The agnostic backend. */
export const agnostic: Backend<AgnosticRecord> = {
  name: 'agnostic',
  summary: 'backend-neutral JSON of every process (no process manager)',
  limitations: [],
  tested: 'nothing to run: the JSON is checked by the unit tests',
  entryName: (spec) => spec.name,
  recordFile: agnosticRecordFile,
  translate,
  render,
};
