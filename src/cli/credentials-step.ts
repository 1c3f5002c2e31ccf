/**
 * Users and groups around a switch, a rollback or `up`: the accounts the target generation
 * needs are created before its processes start, obsolete ones are removed after the switch.
 * Both are measured against the machine and the profile's ledger, not against the
 * generation a daemon happens to run: after an undeploy or a `procform down` that would be
 * nothing, and accounts would be neither created again nor removed. Only as root, and only
 * accounts procform created itself (kept in the ledger) are ever changed or removed.
 * @module
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CredentialsSpec } from '../model/process-spec.js';
import { applyCredentials, EMPTY_CREDENTIALS, isEmptyCredentialsDiff, type CredentialsPhase } from '../deploy/credentials.js';
import { CredentialsApplyError } from '../deploy/credentials-apply.js';
import { readManagedAccounts, writeManagedAccounts } from '../deploy/credentials-ledger.js';
import { reconcileCredentials } from '../deploy/credentials-reconcile.js';
import { systemLookup, systemNologin, systemRunner } from '../deploy/credentials-system.js';
import { readGeneration } from '../deploy/generation-file.js';
import { currentGeneration } from '../deploy/profiles.js';
import { profileDir } from './profile.js';
import type { Progress } from './progress.js';

/** What is left to do after the switch. */
export interface CredentialsStep {
  readonly removeObsolete: () => Promise<void>;
}

/** The deployment whose accounts are made right. */
export interface CredentialsTarget {
  /** Store path of the generation being deployed. */
  readonly target: string;
  /** Store path of the generation deployed so far (the profile's current one), or null. */
  readonly previous: string | null;
  readonly libDir: string;
  /** The profile (backend) whose ledger records the accounts. */
  readonly backend: string;
}

const NOTHING: CredentialsStep = { removeObsolete: async () => {} };

const credentialsOf = (generation: string): CredentialsSpec => readGeneration(generation).credentials ?? EMPTY_CREDENTIALS;

/**
 * The accounts the current generations of the other profiles under the same lib dir use:
 * one backend's ledger must not take away a user another backend's processes run as.
 */
const otherDeployments = (libDir: string, backend: string): CredentialsSpec[] => {
  const root = dirname(profileDir(libDir, backend));
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return names.filter((name) => name !== backend).flatMap((name) => {
    const current = currentGeneration(join(root, name));
    return current !== null && existsSync(current.path) ? [credentialsOf(current.path)] : [];
  });
};

const quoteArg = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

/**
 * Creates and updates the accounts `deployment.target` needs, and returns the step that
 * removes the obsolete ones once the switch has succeeded. The ledger is saved even when
 * a command fails half way. Shared by `switch` and `rollback` on every backend and by `up`.
 */
export const ensureCredentials = async (deployment: CredentialsTarget, report: Progress): Promise<CredentialsStep> => {
  if (process.getuid?.() !== 0) return NOTHING;
  const ledger = join(profileDir(deployment.libDir, deployment.backend), 'accounts.json');
  const next = credentialsOf(deployment.target);
  const previous = deployment.previous === null ? null : credentialsOf(deployment.previous);
  const run = (phase: Exclude<CredentialsPhase, 'all'>): void => {
    const managed = readManagedAccounts(ledger);
    const keep = phase === 'remove' ? otherDeployments(deployment.libDir, deployment.backend) : [];
    const diff = reconcileCredentials({ previous, next, lookup: systemLookup, managed, keep });
    if (isEmptyCredentialsDiff(diff)) return;
    try {
      const result = applyCredentials(diff, systemRunner, systemLookup, managed, { phase, nologin: systemNologin() });
      writeManagedAccounts(ledger, result.managed);
      for (const step of result.done) report.step(step.argv.map(quoteArg).join(' '));
      for (const note of result.notes) report.step(note);
    } catch (error) {
      if (error instanceof CredentialsApplyError) writeManagedAccounts(ledger, error.report.managed);
      throw error;
    }
  };
  run('create');
  return { removeObsolete: async () => run('remove') };
};
