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
import { applyCredentials, CredentialsApplyError, planCredentials, type CredentialsPhase } from './credentials-apply.js';
import { EMPTY_CREDENTIALS, isEmptyCredentialsDiff } from './credentials.js';
import { DeployError } from '../errors.js';
import { readManagedAccounts, writeManagedAccounts } from './credentials-ledger.js';
import { reconcileCredentials } from './credentials-reconcile.js';
import { systemLookup, systemNologin, systemRunner } from './credentials-system.js';
import { readGeneration } from '../generation/read.js';
import { currentGeneration } from './profiles.js';
import { profileDir } from './profile-dir.js';

/** What is left to do after the switch. */
export interface CredentialsStep {
  readonly removeObsolete: () => Promise<void>;
  /**
   * After a switch that failed and went back: removes the accounts made for the target
   * that the previous deployment does not need, so a failed switch leaves none behind.
   */
  readonly undo: () => Promise<void>;
}

/** Ends the accounts step as the switch ended: obsolete accounts go after success, the new ones after a way back. */
export const settleCredentials = async (step: CredentialsStep, outcome: { readonly failed: readonly unknown[]; readonly rolledBack: boolean }): Promise<void> => {
  if (outcome.failed.length === 0) await step.removeObsolete();
  else if (outcome.rolledBack) await step.undo();
};

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

const NOTHING: CredentialsStep = { removeObsolete: async () => {}, undo: async () => {} };

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
 * removes the obsolete ones once the switch has succeeded; `note` hears of each command
 * run. The ledger is saved even when a command fails half way. Shared by `switch` and
 * `rollback` on every backend and by `up`.
 */
export const ensureCredentials = async (deployment: CredentialsTarget, note: (text: string) => void): Promise<CredentialsStep> => {
  if (process.getuid?.() !== 0) return NOTHING;
  const ledger = join(profileDir(deployment.libDir, deployment.backend), 'accounts.json');
  const next = credentialsOf(deployment.target);
  const previous = deployment.previous === null ? null : credentialsOf(deployment.previous);
  const run = (phase: Exclude<CredentialsPhase, 'all'>, from = previous, to = next): void => {
    const managed = readManagedAccounts(ledger);
    const keep = phase === 'remove' ? otherDeployments(deployment.libDir, deployment.backend) : [];
    const diff = reconcileCredentials({ previous: from, next: to, lookup: systemLookup, managed, keep });
    if (isEmptyCredentialsDiff(diff)) return;
    try {
      const result = applyCredentials(diff, systemRunner, systemLookup, managed, { phase, nologin: systemNologin() });
      writeManagedAccounts(ledger, result.managed);
      for (const step of result.done) note(step.argv.map(quoteArg).join(' '));
      for (const text of result.notes) note(text);
    } catch (error) {
      if (error instanceof CredentialsApplyError) writeManagedAccounts(ledger, error.report.managed);
      throw error;
    }
  };
  run('create');
  return { removeObsolete: async () => run('remove'), undo: async () => run('remove', next, previous ?? EMPTY_CREDENTIALS) };
};

/**
 * What `ensureCredentials` would do for `next` (the credentials of a generation not written
 * yet), for a dry run: the commands, in order, and the notes. Throws the DeployError a
 * switch would throw when accounts conflict with the machine.
 */
export const previewCredentials = (deployment: Omit<CredentialsTarget, 'target'> & { readonly next: CredentialsSpec }): { commands: string[]; notes: string[] } => {
  if (process.getuid?.() !== 0) return { commands: [], notes: [] };
  const managed = readManagedAccounts(join(profileDir(deployment.libDir, deployment.backend), 'accounts.json'));
  const previous = deployment.previous === null ? null : credentialsOf(deployment.previous);
  const plan = (phase: Exclude<CredentialsPhase, 'all'>) => {
    const keep = phase === 'remove' ? otherDeployments(deployment.libDir, deployment.backend) : [];
    const diff = reconcileCredentials({ previous, next: deployment.next, lookup: systemLookup, managed, keep });
    return planCredentials(diff, systemLookup, managed, { phase, nologin: systemNologin() });
  };
  const create = plan('create');
  if (create.conflicts.length > 0) throw new DeployError(`users and groups conflict with the machine:\n  ${create.conflicts.join('\n  ')}`, false);
  const remove = plan('remove');
  return { commands: [...create.steps, ...remove.steps].map((step) => step.argv.map(quoteArg).join(' ')), notes: [...create.notes, ...remove.notes] };
};
