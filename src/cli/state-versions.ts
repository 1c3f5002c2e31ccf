/**
 * A process that keeps state may not be switched to another `stateVersion` by accident:
 * the switch is refused unless the user confirms the migration.
 * @module
 */
import { InputError } from '../errors.js';
import type { LoadedGeneration } from '../supervisor/generation-services.js';

/** Throws when a kept instance's stateVersion changes and `migrate` is false. */
export const checkStateVersions = (previous: LoadedGeneration | null, next: LoadedGeneration, migrate: boolean): void => {
  if (!previous || migrate) return;
  const changed: string[] = [];
  for (const [instance, { service }] of next.services) {
    const before = previous.services.get(instance)?.service.stateVersion;
    if (before !== undefined && before !== service.stateVersion) changed.push(`${instance} (${before ?? 'none'} → ${service.stateVersion ?? 'none'})`);
  }
  if (changed.length > 0) {
    throw new InputError(`the state version changes for ${changed.join(', ')}`, 'migrate the state first, then switch with --migrate');
  }
};
