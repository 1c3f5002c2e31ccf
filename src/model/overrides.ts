/**
 * Per-backend escape hatch. Each backend translates a process into a typed record
 * before rendering it; `overrides[backend]` is deep-merged into that record, or, as a
 * function, receives the record and returns the one to render. Each backend declares its
 * record once (`src/backends/<name>/record.ts`); the types here are built from those
 * declarations (which add themselves to the interfaces here), so a key the record does not
 * have is a type error, and model validation refuses it too.
 * @module
 */

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

/**
 * The record each backend generates per process, by backend name. Empty here: each backend
 * adds its own entry from its folder (`src/backends/<name>/record.ts`, by declaration
 * merging), so the model needs no import of the backends above it.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface BackendRecords {}

/** What an object override may merge into each backend's record, by backend name; filled in like `BackendRecords`. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface BackendOverrides {}

/** The name of a backend procform knows. */
export type BackendName = keyof BackendRecords;

/** Every backend name, in a fixed order. */
export const BACKEND_NAMES: readonly BackendName[] = [
  'agnostic', 'embedded', 'supervisord', 's6', 's6-rc', 'runit', 'sysvinit',
  'systemd', 'launchd', 'bsdrc', 'cygrunsrv', 'docker', 'swarm', 'kubernetes',
];

/** An override for one backend: merged into its record, or a function replacing it. */
export type Override<R, P = DeepPartial<R>> = P | ((generated: R) => R);

/** `overrides` of a process, keyed by backend name. */
export type Overrides = { readonly [B in BackendName]?: Override<BackendRecords[B], BackendOverrides[B]> };
