/**
 * Which instances need ids from which pools: the `requiresUniqueIdsFor` metadata of the
 * processes model's instances.
 * @module
 */
import { InputError } from '../errors.js';
import type { IdResources } from './resources.js';
import { ownValue, sortedNames } from './records.js';

/**
 * Instance name → names of the pools it needs an id from. Instances without ids may be
 * absent or map to `undefined`, so a processes model converts without filtering.
 */
export type IdRequirements = { readonly [instance: string]: readonly string[] | undefined };

/**
 * Reads `requiresUniqueIdsFor` off every instance of a processes model. Typed
 * structurally so that it takes any model shape carrying that field.
 */
export const idRequirementsOf = (model: {
  readonly [instance: string]: {
    readonly requiresUniqueIdsFor?: readonly string[] | undefined;
    readonly [metadata: string]: unknown;
  };
}): IdRequirements =>
  Object.fromEntries(Object.entries(model).map(([name, instance]) => [name, instance.requiresUniqueIdsFor]));

/** Instance name → pools it requires, duplicates removed; only instances that require some. */
export type ResolvedRequirements = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * Checks every requirement against the pools and resolves them. Every unknown pool is
 * reported at once. The runtime type check is there because models may be plain
 * JavaScript, where nothing enforces the field's type.
 * @throws {InputError} for malformed requirements or a pool the resources do not define.
 */
export const resolveRequirements = (instances: IdRequirements, resources: IdResources): ResolvedRequirements => {
  const resolved = new Map<string, ReadonlySet<string>>();
  const unknown: string[] = [];
  for (const instance of sortedNames(Object.keys(instances))) {
    const pools = ownValue(instances, instance);
    if (pools === undefined) continue;
    if (!Array.isArray(pools) || pools.some((pool) => typeof pool !== 'string')) {
      throw new InputError(
        `instance ${JSON.stringify(instance)}: requiresUniqueIdsFor must be an array of pool names`,
      );
    }
    const required = new Set(sortedNames(pools));
    for (const pool of required) {
      if (ownValue(resources, pool) === undefined) {
        unknown.push(`instance ${JSON.stringify(instance)} requires an id from pool ${JSON.stringify(pool)}`);
      }
    }
    if (required.size > 0) resolved.set(instance, required);
  }
  if (unknown.length > 0) {
    const defined = sortedNames(Object.keys(resources));
    const message =
      unknown.length === 1
        ? `${unknown[0]}, which the id-resources file does not define`
        : `pools the id-resources file does not define are required: ${unknown.join('; ')}`;
    throw new InputError(
      message,
      defined.length === 0 ? 'the id-resources file defines no pools' : `defined pools: ${defined.join(', ')}`,
    );
  }
  return resolved;
};
