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
  tested: 'yes',
  support: {
    'readiness tcp / http / exec': 'native',
    'readiness log line': 'native',
    'readiness notify fd': 'native',
    dependencies: 'native',
    'restart policy, max restarts': 'native',
    'exponential backoff': 'native',
    'user, `initialize` as root': 'native (`setpriv`)',
    'directory, umask': 'native',
    nice: 'native',
    'stop signal / timeout': 'native',
    logs: 'rotated files',
    stateDirs: 'native',
    'daemon-only processes': 'pid file',
  },
  entryName: (spec) => spec.name,
  recordFile: embeddedRecordFile,
  translate,
  render,
};

export type { EmbeddedService } from './record.js';
