/**
 * The profile's current generation started again on a manager that runs nothing, and
 * stopped again, without a new generation: what a mutable image's main process does each
 * time its container starts and stops. The same steps as a switch (lock, manager, accounts,
 * secrets, the activator's apply), but the profile does not move: the generation is the one
 * the profile already names.
 * @module
 */
import { existsSync } from 'node:fs';
import { readGeneration } from '../generation/read.js';
import type { ActivationEvents } from './activator.js';
import type { Backend } from './backend.js';
import { profileDir } from './profile-dir.js';
import { currentGeneration, withProfileLock } from './profiles.js';
import { readSecrets } from './secrets.js';
import { deliverSecrets } from './secrets-step.js';
import { activationGeneration, switchBackend } from './switch-backend.js';
import { accountsFor, activatorOf, requireManager } from './switch-steps.js';
import type { SwitchOutcome } from './switch.js';

/** Which deployment to start or stop again. */
export interface ResumeRequest {
  readonly backend: Backend;
  readonly libDir: string;
  readonly timeout?: number;
  readonly events?: ActivationEvents;
}

const noNotes = (): void => {};

/**
 * Starts the current generation on a manager that runs none of it (a container made anew on
 * the old state volume, whose /etc lost the accounts: missing ones are made again). Null
 * when the profile has no current generation, or its store entry is gone.
 */
export const resumeGeneration = async (request: ResumeRequest): Promise<SwitchOutcome | null> => {
  const { backend, events = {} } = request;
  const activator = activatorOf(backend);
  const profile = profileDir(request.libDir, backend.name);
  return withProfileLock(profile, async () => {
    const current = currentGeneration(profile);
    if (current === null || !existsSync(current.path)) return null;
    const next = activationGeneration(current.path, backend.name);
    await requireManager(backend, next.settings, true);
    await accountsFor(backend, { target: current.path, previous: current.path, libDir: request.libDir, backend: backend.name }, events.note ?? noNotes);
    await deliverSecrets(backend, readSecrets(readGeneration(current.path)));
    events.note?.(`starting generation ${current.number} again`);
    const result = await switchBackend(activator, null, next, events, request.timeout);
    return { backend: backend.name, number: current.number, generation: current.path, ...result };
  });
};

/** Stops every process of the current generation, which stays current: the next start resumes it. */
export const stopGeneration = async (request: ResumeRequest): Promise<void> => {
  const { backend, events = {} } = request;
  const activator = activatorOf(backend);
  const profile = profileDir(request.libDir, backend.name);
  await withProfileLock(profile, async () => {
    const current = currentGeneration(profile);
    if (current === null || !existsSync(current.path)) return;
    await switchBackend(activator, activationGeneration(current.path, backend.name), null, events);
  });
};
