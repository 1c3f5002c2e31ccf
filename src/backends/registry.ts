/**
 * The backends procform can build for.
 * @module
 */
import { InputError } from '../errors.js';
import type { Backend } from '../deploy/backend.js';
import { agnostic } from './agnostic/index.js';
import { embedded } from './embedded/index.js';
import { supervisord } from './supervisord/index.js';
import { s6 } from './s6/index.js';
import { s6rc } from './s6-rc/index.js';
import { runit } from './runit/index.js';
import { sysvinit } from './sysvinit/index.js';
import { systemd } from './systemd/index.js';
import { launchd } from './launchd/index.js';
import { cygrunsrv } from './cygrunsrv/index.js';
import { bsdrc } from './bsdrc/index.js';
import { kubernetes } from './kubernetes/index.js';
import { docker } from './docker/index.js';
import { swarm } from './swarm/index.js';

/** Backends by name. */
export const BACKENDS: ReadonlyMap<string, Backend> = new Map<string, Backend>([
  [agnostic.name, agnostic],
  [embedded.name, embedded],
  [supervisord.name, supervisord],
  [s6.name, s6],
  [s6rc.name, s6rc],
  [runit.name, runit],
  [sysvinit.name, sysvinit],
  [systemd.name, systemd],
  [launchd.name, launchd],
  [cygrunsrv.name, cygrunsrv],
  [bsdrc.name, bsdrc],
  [docker.name, docker],
  [swarm.name, swarm],
  [kubernetes.name, kubernetes],
]);

/** The backend used when none is named. */
export const DEFAULT_BACKEND = 'embedded';

/** Looks up a backend; an unknown name is an `InputError` listing the known ones. */
export const backendByName = (name: string): Backend => {
  const backend = BACKENDS.get(name);
  if (!backend) throw new InputError(`unknown backend "${name}"`, `available backends: ${[...BACKENDS.keys()].join(', ')}`);
  return backend;
};
