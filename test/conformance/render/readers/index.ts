// The reader of each backend, by name: a data table for the render conformance suite.
import type { RenderReader } from './reader.js';
import { agnostic, docker, embedded } from './json.js';
import { kubernetes, launchd, swarm, systemd } from './documents.js';
import { bsdrc, cygrunsrv, runit, s6, s6rc, supervisord, sysvinit } from './scripts.js';

export const READERS: Readonly<Record<string, RenderReader>> = {
  agnostic, embedded, docker, swarm, kubernetes, launchd, systemd, bsdrc, cygrunsrv, runit, s6, 's6-rc': s6rc, supervisord, sysvinit,
};
export type { RenderReader } from './reader.js';
