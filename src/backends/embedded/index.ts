/**
 * The embedded backend: procform's own supervisor, the default. Each process becomes a
 * `service.json` record that the supervisor (in `procform up`, or its daemon after
 * `procform switch`) runs. This folder is the supervisor's client side: its records, its
 * control protocol and client, its state file, and the activator and manager over them;
 * the supervisor itself (src/supervisor) implements them.
 * @module
 */
import type { Backend } from '../../deploy/backend.js';
import { activator } from './activate.js';
import { manager } from './manager.js';
import { EMBEDDED } from './name.js';
import { render } from './render.js';
import { translate } from './translate.js';
import { embeddedRecordFile, type EmbeddedService } from './record.js';

/** The embedded backend. */
export const embedded: Backend<EmbeddedService> = {
  name: EMBEDDED,
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
  supervisedByProcform: true,
  activator,
  manager,
};

export type { EmbeddedService } from './record.js';
