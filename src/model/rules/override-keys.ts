/**
 * Override keys: an object override is deep-merged into its backend's record, so a key the
 * record does not have would be merged in and ignored by the renderer. Every key, at every
 * level, is looked up in the record's schema; one it does not have is a problem that lists
 * the keys it does have there.
 * @module
 */
import type * as z from 'zod/mini';
import { BACKEND_NAMES, type BackendName } from '../overrides.js';
import type { Blame } from '../blame.js';
import type { Problem } from '../problem.js';
import { suggest } from './suggest.js';

type Schema = z.core.$ZodType;

/**
 * The schema of each backend's record, which the backends declare above the model: whoever
 * analyses a model (the build) hands them in.
 */
export type RecordSchemas = { readonly [B in BackendName]?: Schema };

/** The parts of a zod definition the walk reads. */
interface Def {
  readonly type: string;
  readonly shape?: Readonly<Record<string, Schema>>;
  readonly element?: Schema;
  readonly valueType?: Schema;
  readonly options?: readonly Schema[];
  readonly innerType?: Schema;
  readonly items?: readonly Schema[];
}

const defOf = (schema: Schema): Def => schema._zod.def as Def;

/** The schemas a value may match, with optional, nullable and unions looked through. */
const alternatives = (schemas: readonly Schema[]): Schema[] => schemas.flatMap((schema) => {
  const def = defOf(schema);
  if (def.innerType !== undefined) return alternatives([def.innerType]);
  if (def.options !== undefined) return alternatives(def.options);
  return [schema];
});

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof RegExp);

/** A key the record does not have, where it is, and the keys it has there. */
interface UnknownKey {
  readonly path: readonly (string | number)[];
  readonly allowed: readonly string[];
}

const walk = (value: unknown, schemas: readonly Schema[], path: readonly (string | number)[], found: UnknownKey[]): void => {
  const defs = alternatives(schemas).map(defOf);
  if (defs.some((def) => def.type === 'unknown' || def.type === 'any')) return;
  if (Array.isArray(value)) {
    const elements = defs.flatMap((def) => (def.element !== undefined ? [def.element] : def.items ?? []));
    value.forEach((item, index) => walk(item, elements, [...path, index], found));
    return;
  }
  if (!isPlainObject(value)) return;
  const shapes = defs.flatMap((def) => (def.shape !== undefined ? [def.shape] : []));
  const maps = defs.flatMap((def) => (def.type === 'record' && def.valueType !== undefined ? [def.valueType] : []));
  const allowed = [...new Set(shapes.flatMap((shape) => Object.keys(shape)))].sort();
  for (const [key, child] of Object.entries(value)) {
    const fields = shapes.flatMap((shape) => (Object.hasOwn(shape, key) ? [shape[key]!] : []));
    if (fields.length === 0 && maps.length === 0) found.push({ path: [...path, key], allowed });
    else walk(child, [...fields, ...maps], [...path, key], found);
  }
};

const fieldOf = (path: readonly (string | number)[]): string =>
  path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');

const problemOf = (instance: string, backend: BackendName, key: UnknownKey, blame: Blame): Problem => {
  const field = fieldOf(['overrides', backend, ...key.path]);
  const parent = fieldOf(['overrides', backend, ...key.path.slice(0, -1)]);
  const last = key.path.at(-1);
  const close = typeof last === 'string' ? suggest(last, key.allowed) : undefined;
  const hint = key.allowed.length === 0
    ? `the ${backend} record has a value at "${parent}", not fields`
    : `${close === undefined ? '' : `did you mean "${parent}.${close}"? `}the ${backend} record has at "${parent}": ${key.allowed.join(', ')}`;
  return { code: 'unknown-field', instance, field, message: `unknown field "${field}": the ${backend} record has no such key`, hint, ...blame };
};

/** Problems with the object overrides of one process: keys its backends' records do not have. */
export const overrideKeyProblems = (instance: string, overrides: unknown, blame: Blame, schemas: RecordSchemas): Problem[] => {
  if (!isPlainObject(overrides)) return [];
  const problems: Problem[] = [];
  for (const backend of BACKEND_NAMES) {
    const override = overrides[backend];
    const schema = schemas[backend];
    if (!isPlainObject(override) || schema === undefined) continue;
    const found: UnknownKey[] = [];
    walk(override, [schema], [], found);
    problems.push(...found.map((key) => problemOf(instance, backend, key, blame)));
  }
  return problems;
};
