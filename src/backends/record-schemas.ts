/**
 * Every backend's record schema, by backend name: what model validation checks
 * `overrides` against, so that a key a record does not have is refused with the keys it
 * does have.
 * @module
 */
import type * as z from 'zod/mini';
import type { BackendName, BackendRecords } from '../model/overrides.js';
import { agnosticRecordSchema } from './agnostic/record.js';
import { bsdrcScriptSchema } from './bsdrc/record.js';
import { cygrunsrvServiceSchema } from './cygrunsrv/record.js';
import { dockerContainerSchema } from './docker/record.js';
import { embeddedServiceSchema } from './embedded/record.js';
import { kubernetesRecordSchema } from './kubernetes/record.js';
import { launchdJobSchema } from './launchd/record.js';
import { agree, type Agree, type Declared } from '../deploy/record-schema.js';
import { runitServiceSchema } from './runit/record.js';
import { s6RcProcessSchema } from './s6-rc/record.js';
import { s6ServiceSchema } from './s6/record.js';
import { supervisordProgramSchema } from './supervisord/record.js';
import { swarmServiceSchema } from './swarm/record.js';
import { systemdUnitSchema } from './systemd/record.js';
import { sysvinitScriptSchema } from './sysvinit/record.js';

/** The schema of each backend's record. */
export const RECORD_SCHEMAS = {
  agnostic: agnosticRecordSchema,
  embedded: embeddedServiceSchema,
  supervisord: supervisordProgramSchema,
  s6: s6ServiceSchema,
  's6-rc': s6RcProcessSchema,
  runit: runitServiceSchema,
  sysvinit: sysvinitScriptSchema,
  systemd: systemdUnitSchema,
  launchd: launchdJobSchema,
  bsdrc: bsdrcScriptSchema,
  cygrunsrv: cygrunsrvServiceSchema,
  docker: dockerContainerSchema,
  swarm: swarmServiceSchema,
  kubernetes: kubernetesRecordSchema,
} as const satisfies { readonly [B in BackendName]: z.ZodMiniType };

// Fails to compile when a schema here is not the one `BackendRecords` takes its type from.
agree<{ [B in BackendName]: Agree<Declared<(typeof RECORD_SCHEMAS)[B]>, BackendRecords[B]> }[BackendName]>();
