/**
 * Users and groups around a switch: the ones a new generation needs are created before
 * its processes start, obsolete ones are removed after the switch. Only as root, and only
 * accounts procform created itself (kept in a ledger) are ever changed or removed.
 * @module
 */
import { join } from 'node:path';
import type { BuildResult } from '../build/build.js';
import type { BaseParams } from '../model/evaluate.js';
import type { CredentialsSpec } from '../model/process-spec.js';
import { applyCredentials, credentialsDiff, isEmptyCredentialsDiff } from '../deploy/credentials.js';
import { readManagedAccounts, writeManagedAccounts } from '../deploy/credentials-ledger.js';
import { systemLookup, systemNologin, systemRunner } from '../deploy/credentials-system.js';
import { readGeneration } from '../deploy/generation-file.js';
import { CredentialsApplyError } from '../deploy/credentials-apply.js';
import { profileDir } from './profile.js';
import type { Progress } from './progress.js';

/** What is left to do after the switch. */
export interface CredentialsStep {
  readonly removeObsolete: () => Promise<void>;
}

const NOTHING: CredentialsStep = { removeObsolete: async () => {} };

const credentialsOf = (generation: string | null): CredentialsSpec | null =>
  generation === null ? null : readGeneration(generation).credentials ?? { users: {}, groups: {} };

/**
 * Creates and updates the accounts the new generation needs (previous: the generation
 * running now), saving the ledger even when a command fails half way.
 */
export const ensureCredentials = async (built: { readonly generation: Pick<BuildResult['generation'], 'path'> }, params: BaseParams, previous: { path: string } | null, report: Progress, backend = 'embedded'): Promise<CredentialsStep> => {
  if (process.getuid?.() !== 0) return NOTHING;
  const next = readGeneration(built.generation.path).credentials ?? { users: {}, groups: {} };
  const diff = credentialsDiff(credentialsOf(previous?.path ?? null), next);
  if (isEmptyCredentialsDiff(diff)) return NOTHING;
  const ledger = join(profileDir(params.libDir, backend), 'accounts.json');
  const run = (phase: 'create' | 'remove'): void => {
    try {
      const result = applyCredentials(diff, systemRunner, systemLookup, readManagedAccounts(ledger), { phase, nologin: systemNologin() });
      writeManagedAccounts(ledger, result.managed);
      for (const step of result.done) report.step(step.argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' '));
      for (const note of result.notes) report.step(note);
    } catch (error) {
      if (error instanceof CredentialsApplyError) writeManagedAccounts(ledger, error.report.managed);
      throw error;
    }
  };
  run('create');
  return { removeObsolete: async () => run('remove') };
};
