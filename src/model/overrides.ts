/**
 * Per-backend escape hatch. Each backend translates a process into a typed record
 * before rendering it; `overrides[backend]` is deep-merged into that record, or, as a
 * function, receives the record and returns the one to render. Each backend declares its
 * record once (`src/backends/<name>/record.ts`); the types here are built from those
 * declarations, so a key the record does not have is a type error, and model validation
 * refuses it too.
 * @module
 */
import type { AgnosticOverrides, AgnosticRecord } from '../backends/agnostic/record.js';
import type { BsdrcOverrides, BsdrcScript } from '../backends/bsdrc/record.js';
import type { CygrunsrvOverrides, CygrunsrvService } from '../backends/cygrunsrv/record.js';
import type { DockerContainer, DockerOverrides } from '../backends/docker/record.js';
import type { EmbeddedOverrides, EmbeddedService } from '../backends/embedded/record.js';
import type { KubernetesOverrides, KubernetesRecord } from '../backends/kubernetes/record.js';
import type { LaunchdJob, LaunchdOverrides } from '../backends/launchd/record.js';
import type { RunitOverrides, RunitService } from '../backends/runit/record.js';
import type { S6RcOverrides, S6RcProcess } from '../backends/s6-rc/record.js';
import type { S6Overrides, S6Service } from '../backends/s6/record.js';
import type { SupervisordOverrides, SupervisordProgram } from '../backends/supervisord/record.js';
import type { SystemdOverrides, SystemdUnit } from '../backends/systemd/record.js';
import type { SysvinitOverrides, SysvinitScript } from '../backends/sysvinit/record.js';

/** A JSON-like value, as object overrides hold them. */
export type RecordValue = string | number | boolean | null | readonly RecordValue[] | { readonly [key: string]: RecordValue };

/**
 * Recursively optional version of a record, for deep-merge overrides. Arrays are replaced
 * as a whole, so their elements stay complete.
 */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? readonly U[]
  : T extends object
    ? { readonly [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** The record each backend generates per process, by backend name. */
export interface BackendRecords {
  /** The backend-neutral JSON description of a process. */
  agnostic: AgnosticRecord;
  embedded: EmbeddedService;
  supervisord: SupervisordProgram;
  s6: S6Service;
  's6-rc': S6RcProcess;
  runit: RunitService;
  sysvinit: SysvinitScript;
  systemd: SystemdUnit;
  launchd: LaunchdJob;
  bsdrc: BsdrcScript;
  cygrunsrv: CygrunsrvService;
  docker: DockerContainer;
  kubernetes: KubernetesRecord;
}

/** What an object override may merge into each backend's record, by backend name. */
export interface BackendOverrides {
  agnostic: AgnosticOverrides;
  embedded: EmbeddedOverrides;
  supervisord: SupervisordOverrides;
  s6: S6Overrides;
  's6-rc': S6RcOverrides;
  runit: RunitOverrides;
  sysvinit: SysvinitOverrides;
  systemd: SystemdOverrides;
  launchd: LaunchdOverrides;
  bsdrc: BsdrcOverrides;
  cygrunsrv: CygrunsrvOverrides;
  docker: DockerOverrides;
  kubernetes: KubernetesOverrides;
}

/** The name of a backend procform knows. */
export type BackendName = keyof BackendRecords;

/** Every backend name, in a fixed order. */
export const BACKEND_NAMES: readonly BackendName[] = [
  'agnostic', 'embedded', 'supervisord', 's6', 's6-rc', 'runit', 'sysvinit',
  'systemd', 'launchd', 'bsdrc', 'cygrunsrv', 'docker', 'kubernetes',
];

/** An override for one backend: merged into its record, or a function replacing it. */
export type Override<R, P = DeepPartial<R>> = P | ((generated: R) => R);

/** `overrides` of a process, keyed by backend name. */
export type Overrides = { readonly [B in BackendName]?: Override<BackendRecords[B], BackendOverrides[B]> };
