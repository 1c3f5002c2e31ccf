/**
 * The switch planner: which processes to stop, start or leave alone when going from one
 * generation to the next, restarting as little as possible (in the manner of s6-rc-update
 * and NixOS's switch-to-configuration). Pure: the caller supplies what is running.
 * @module
 */
import { byCodePoint, orderSubset, type DependencyGraph } from './graph-order.js';
import type { Plan, PlanReason, PlanUnit } from './plan-types.js';
import { changeItems } from './entry-diff.js';
import type { PlanChanges } from './plan-changes.js';

const graphOf = (units: readonly PlanUnit[]): DependencyGraph => new Map(units.map((u) => [u.instance, u.dependencies]));

/** Reasons that stop the old process and start the new one. */
const RESTARTS: ReadonlySet<PlanReason> = new Set(['changed', 'dependency-restarted']);

/**
 * Plans the switch from `previous` to `next` (null: nothing deployed, or undeploy).
 * `running` names the instances that are running now.
 *
 * A process only in `previous` stops; only in `next` starts; with a different entry it
 * restarts. With the same entry it restarts when one of its dependencies in `next`
 * (or one of theirs, transitively) restarts, since it may hold connections or state tied
 * to the old one; a dependency that is merely started (new or not running) does not
 * restart it. A process with the same entry that is not running is started. Stops are
 * planned whether or not the process is running, because a crash-looping process may be
 * down at this instant yet still supervised, and stopping a stopped process is harmless.
 *
 * Stops go dependents first in the previous generation's graph, starts dependencies first
 * in the next one's; ties are broken alphabetically. Throws InputError on a dependency cycle.
 */
export const computePlan = (
  previous: readonly PlanUnit[] | null,
  next: readonly PlanUnit[] | null,
  running: ReadonlySet<string>,
): Plan => {
  const before = new Map((previous ?? []).map((u) => [u.instance, u]));
  const after = new Map((next ?? []).map((u) => [u.instance, u]));
  // A Map, not an object literal: an instance may be called "__proto__".
  const reasons = new Map<string, PlanReason>();
  // Whether anything an instance depends on, directly or not, restarts; the chain may pass
  // through a process that is down, whose dependents still lose what lies below it.
  const restartBelow = new Map<string, boolean>();
  const restartsAt = (instance: string): boolean => RESTARTS.has(reasons.get(instance) ?? 'unchanged') || restartBelow.get(instance) === true;

  for (const instance of before.keys()) if (!after.has(instance)) reasons.set(instance, 'removed');
  // Dependencies first, so a restart has already been decided when its dependents look.
  const nextGraph = graphOf(next ?? []);
  for (const instance of orderSubset(nextGraph, after.keys(), 'dependencies-first')) {
    const unit = after.get(instance)!;
    const old = before.get(instance);
    restartBelow.set(instance, unit.dependencies.some(restartsAt));
    if (old === undefined) reasons.set(instance, 'added');
    else if (old.entry !== unit.entry) reasons.set(instance, 'changed');
    else if (!running.has(instance)) reasons.set(instance, 'not-running');
    else if (restartBelow.get(instance)!) reasons.set(instance, 'dependency-restarted');
    else reasons.set(instance, 'unchanged');
  }

  const all = [...reasons.keys()].sort(byCodePoint);
  const withReason = (test: (reason: PlanReason) => boolean): string[] => all.filter((i) => test(reasons.get(i)!));
  return {
    stop: orderSubset(graphOf(previous ?? []), withReason((r) => r === 'removed' || RESTARTS.has(r)), 'dependents-first'),
    start: orderSubset(nextGraph, withReason((r) => r !== 'removed' && r !== 'unchanged'), 'dependencies-first'),
    keep: withReason((r) => r === 'unchanged'),
    reasons: Object.fromEntries(all.map((i) => [i, reasons.get(i)!])),
  };
};

/** True when the plan neither stops nor starts anything. */
export const isEmptyPlan = (plan: Plan): boolean => plan.stop.length === 0 && plan.start.length === 0;

/** Why a process is in the plan, as printed: what changed, where known. */
const reasonText = (instance: string, plan: Plan, changes: PlanChanges): string => {
  const reason = plan.reasons[instance] ?? 'unchanged';
  const change = changes[instance];
  if (reason !== 'changed' || change === undefined) return reason;
  const items = changeItems(change);
  return items.length === 0 ? reason : `${reason}: ${items.join(', ')}`;
};

/**
 * The plan as text for `--dry-run`: one aligned line per step, stops then starts in the
 * order they will run, then the processes left alone; "nothing to do" when it is empty.
 * A changed process says what changed when `changes` knows (`planChanges`). No trailing
 * newline.
 */
export const formatPlan = (plan: Plan, changes: PlanChanges = {}): string => {
  const steps: [string, string][] = [
    ...plan.stop.map((i): [string, string] => ['stop', i]),
    ...plan.start.map((i): [string, string] => ['start', i]),
    ...plan.keep.map((i): [string, string] => ['keep', i]),
  ];
  const width = Math.max(0, ...steps.map(([, i]) => i.length));
  const lines = steps.map(([action, i]) => `${action.padEnd(8)}${i.padEnd(width)}  (${reasonText(i, plan, changes)})`);
  return [...(isEmptyPlan(plan) ? ['nothing to do'] : []), ...lines].join('\n');
};
