/**
 * Per-backend escape hatch. Each backend translates a process into a typed record
 * before rendering it; `overrides[backend]` is deep-merged into that record, or, as a
 * function, receives the record and returns the one to render.
 * @module
 */

/** A JSON-like record, the shape of every backend's generated record. */
export type RecordValue = string | number | boolean | null | readonly RecordValue[] | { readonly [key: string]: RecordValue };

/** Recursively optional version of a record, for deep-merge overrides. */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? readonly U[]
  : T extends object
    ? { readonly [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/**
 * The record each backend generates per process, by backend name. Backends refine their
 * entry as they are added; until then a backend's record is an open object.
 */
export interface BackendRecords {
  /** The backend-neutral JSON description of a process. */
  agnostic: { readonly [key: string]: RecordValue };
  embedded: { readonly [key: string]: RecordValue };
  supervisord: { readonly [key: string]: RecordValue };
  s6: { readonly [key: string]: RecordValue };
  's6-rc': { readonly [key: string]: RecordValue };
  runit: { readonly [key: string]: RecordValue };
  sysvinit: { readonly [key: string]: RecordValue };
  systemd: { readonly [key: string]: RecordValue };
  launchd: { readonly [key: string]: RecordValue };
  bsdrc: { readonly [key: string]: RecordValue };
  cygrunsrv: { readonly [key: string]: RecordValue };
  docker: { readonly [key: string]: RecordValue };
  kubernetes: { readonly [key: string]: RecordValue };
}

/** The name of a backend procform knows. */
export type BackendName = keyof BackendRecords;

/** Every backend name, in a fixed order. */
export const BACKEND_NAMES: readonly BackendName[] = [
  'agnostic', 'embedded', 'supervisord', 's6', 's6-rc', 'runit', 'sysvinit',
  'systemd', 'launchd', 'bsdrc', 'cygrunsrv', 'docker', 'kubernetes',
];

/** An override for one backend: merged into its record, or a function replacing it. */
export type Override<R> = DeepPartial<R> | ((generated: R) => R);

/** `overrides` of a process, keyed by backend name. */
export type Overrides = { readonly [B in BackendName]?: Override<BackendRecords[B]> };
