/**
 * What `switch` and `rollback` print, on every backend: each start and stop as it
 * finishes on stderr, then what the switch did (or, with `--json`, one JSON document) and
 * the generation's store path on stdout; a dry run's plan.
 * @module
 */
import type { ActivationEvents } from '../deploy/activator.js';
import type { DryRun } from '../deploy/dry-run.js';
import { formatPlan } from '../deploy/plan.js';
import type { SwitchEvents, SwitchOutcome } from '../deploy/switch.js';
import type { Progress } from './progress.js';
import { painter } from './style.js';

/** Prints a dry run: the plan (and what would be run) on stdout, or one JSON document. */
export const printDryRun = ({ plan, changes, accounts, commands }: DryRun, json: boolean | undefined): void => {
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...plan, changes, ...(commands ? { commands } : {}), ...(accounts ? { accounts: accounts.commands } : {}) })}\n`);
    return;
  }
  const lines = [formatPlan(plan, changes), ...(accounts?.commands.map((c) => `account ${c}`) ?? []), ...(commands ?? [])];
  process.stdout.write(`${lines.join('\n')}\n`);
};

/**
 * What was put right after a switch whose procform was killed: always, on stderr (also
 * with `--quiet` and `--json`), since the profile was changed by it.
 */
export const reportRepair = (text: string): void => {
  process.stderr.write(`${painter(process.stderr)('yellow', 'repaired:')} ${text}\n`);
};

/** Reports each start and stop of a switch as it finishes, and the way back if there is one. */
export const progressEvents = (report: Progress): ActivationEvents => ({
  step: ({ kind, instance, reason, ms }) => report.step(reason === null
    ? `${kind === 'start' ? 'started' : 'stopped'} ${instance} (${ms} ms)`
    : `${instance} ${kind === 'start' ? 'did not come up' : 'did not stop'}: ${reason}`),
  note: (text) => report.step(text),
});

/** The events of a switch or rollback: its progress, and with `json` its outcome as one JSON document. */
export const switchEvents = (report: Progress, json: boolean | undefined): SwitchEvents => ({
  ...progressEvents(report),
  repaired: reportRepair,
  outcome: (outcome) => {
    if (!json) return;
    const { plan } = outcome;
    process.stdout.write(`${JSON.stringify({ ...outcome, stopped: plan.stop, started: plan.start, kept: plan.keep })}\n`);
  },
});

/** What a switch or rollback that came up did, in one line, and the generation's path on stdout. */
export const reportOutcome = (outcome: SwitchOutcome, report: Progress, json: boolean | undefined, extra = ''): void => {
  report.done(`stopped ${outcome.plan.stop.length}, started ${outcome.plan.start.length}, kept ${outcome.plan.keep.length}${extra}`);
  if (!json) process.stdout.write(`${outcome.generation}\n`);
};
