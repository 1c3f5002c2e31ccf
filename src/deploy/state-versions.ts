/**
 * A process that keeps state may not be switched to another `stateVersion` by accident:
 * the switch is refused unless the user confirms the migration. The same rule holds on
 * every backend.
 * @module
 */
import { InputError } from '../errors.js';
import type { GenerationDocument } from '../generation/document.js';

/** Instance → declared stateVersion (null for none). */
type Versions = ReadonlyMap<string, string | null>;

/** Throws unless every instance kept from `previous` has the same stateVersion in `next`. */
const refuseChanges = (previous: Versions, next: Versions): void => {
  const changed: string[] = [];
  for (const [instance, version] of next) {
    if (!previous.has(instance)) continue;
    const before = previous.get(instance) ?? null;
    if (before !== version) changed.push(`${instance} (${before ?? 'none'} → ${version ?? 'none'})`);
  }
  if (changed.length > 0) {
    throw new InputError(`the state version changes for ${changed.join(', ')}`, 'migrate the state first, then switch with --migrate');
  }
};

/** Throws when a kept instance's stateVersion changes from `previous` to `next` and `migrate` is false. */
export const checkStateVersions = (previous: GenerationDocument | null, next: GenerationDocument, migrate: boolean): void => {
  if (!previous || migrate) return;
  const versions = (document: GenerationDocument): Versions => new Map(document.processes.map((p) => [p.instance, p.stateVersion ?? null]));
  refuseChanges(versions(previous), versions(next));
};
