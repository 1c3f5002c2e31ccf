/**
 * The embedded backend: procform's own supervisor, the default. Each process becomes a
 * `service.json` record that the supervisor (in `procform up`, or its daemon after
 * `procform switch`) runs.
 * @module
 */
import type { Backend } from '../../deploy/backend.js';
import { render } from './render.js';
import { translate, type EmbeddedService } from './translate.js';

/** The embedded backend. */
export const embedded: Backend<EmbeddedService> = {
  name: 'embedded',
  summary: "procform's own supervisor (procform up / switch)",
  limitations: [],
  entryName: (spec) => spec.name,
  translate,
  render,
};

export type { EmbeddedService } from './translate.js';
export { SERVICE_FILE } from './render.js';
