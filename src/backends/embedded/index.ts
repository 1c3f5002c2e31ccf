/**
 * The embedded backend: procform's own supervisor, the default. Each process becomes a
 * `service.json` record that the supervisor (in `procform up`, or its daemon after
 * `procform switch`) runs.
 * @module
 */
import type { Backend } from '../backend.js';
import { render } from './render.js';
import { translate } from './translate.js';
import { embeddedRecordFile, type EmbeddedService } from './record.js';

/** The embedded backend. */
export const embedded: Backend<EmbeddedService> = {
  name: 'embedded',
  summary: "procform's own supervisor (procform up / switch)",
  limitations: [],
  entryName: (spec) => spec.name,
  recordFile: embeddedRecordFile,
  translate,
  render,
};

export type { EmbeddedService } from './record.js';
