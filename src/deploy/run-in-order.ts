/**
 * Carrying out a plan's starts and stops in dependency order, for the activators of
 * managers that have no ordering of their own (or whose ordering does not wait for
 * readiness). Independent processes go side by side: switching six independent webapps and
 * a proxy takes about as long as one webapp and the proxy, not six webapps in a row.
 * @module
 */
import type { ActivationEvents, ActivationOptions, ActivationStep } from './activator.js';

/** A process the step failed for, and why. */
export interface StepFailure {
  readonly instance: string;
  readonly reason: string;
}

/**
 * Starts (or stops) one process and waits until that is done: null when it is, otherwise
 * the reason it is not. A thrown error counts as a reason.
 */
export type Step = (instance: string) => Promise<string | null>;

/** How many processes start or stop at once by default: readiness and stop waits mostly idle. */
export const DEFAULT_CONCURRENCY = 4;

/** The reason a dependent of a process that failed to start is given. */
export const blockedReason = (dependency: string): string => `not started: its dependency ${dependency} did not come up`;

/** What a graph edge function gives: the instances one instance has edges to. */
type Edges = (instance: string) => readonly string[];

/**
 * The listed instances reached from `instance` along `edges`, directly or through instances
 * that are not listed (a process the plan leaves running still sits between the two), in
 * declaration order.
 */
const listedReach = (instance: string, listed: ReadonlyMap<string, unknown>, edges: Edges): string[] => {
  const found: string[] = [];
  const seen = new Set<string>([instance]);
  const visit = (current: string): void => {
    for (const next of edges(current)) {
      if (seen.has(next)) continue;
      seen.add(next);
      if (listed.has(next)) found.push(next);
      else visit(next);
    }
  };
  visit(instance);
  return found;
};

type State = 'waiting' | 'running' | 'done' | 'failed';

/**
 * Runs `step` for each of `instances` once those it must wait for (`waitFor`, followed
 * through unlisted instances) are done, at most `limit` at once. With `block`, an instance
 * whose predecessor failed is not run and fails with `block`'s reason. Failures come back
 * in the order of `instances`, whatever order they happened in.
 */
const runInOrder = (
  instances: readonly string[],
  waitFor: Edges,
  step: Step,
  limit: number,
  block: ((failed: string) => string) | null,
  done: (instance: string, reason: string | null, ms: number) => void,
): Promise<StepFailure[]> => {
  const state = new Map<string, State>(instances.map((instance) => [instance, 'waiting']));
  const reasons = new Map<string, string>();
  const before = new Map(instances.map((instance) => [instance, listedReach(instance, state, waitFor)]));
  let running = 0;

  return new Promise((resolve) => {
    const settle = (instance: string, reason: string | null, started: number): void => {
      running -= 1;
      state.set(instance, reason === null ? 'done' : 'failed');
      if (reason !== null) reasons.set(instance, reason);
      done(instance, reason, Math.round(performance.now() - started));
      schedule();
    };

    const schedule = (): void => {
      // Blocking can cascade down a chain, so pass until nothing changes.
      let changed = true;
      while (changed) {
        changed = false;
        for (const instance of instances) {
          if (state.get(instance) !== 'waiting') continue;
          const predecessors = before.get(instance)!;
          const failed = block === null ? undefined : predecessors.find((other) => state.get(other) === 'failed');
          if (failed !== undefined) {
            state.set(instance, 'failed');
            reasons.set(instance, block!(failed));
            done(instance, reasons.get(instance)!, 0);
            changed = true;
            continue;
          }
          const ready = predecessors.every((other) => state.get(other) === 'done' || state.get(other) === 'failed');
          if (running >= limit || !ready) continue;
          running += 1;
          state.set(instance, 'running');
          changed = true;
          const started = performance.now();
          Promise.resolve().then(() => step(instance)).then(
            (reason) => settle(instance, reason, started),
            (error: unknown) => settle(instance, error instanceof Error ? error.message : String(error), started),
          );
        }
      }
      if (running > 0) return;
      // Nothing runs, so whatever still waits waits on a cycle: validation rejects cycles,
      // but a hand-made plan must not hang the switch.
      for (const instance of instances) {
        if (state.get(instance) !== 'waiting') continue;
        state.set(instance, 'failed');
        reasons.set(instance, 'not run: its dependencies form a cycle');
        done(instance, reasons.get(instance)!, 0);
      }
      resolve(instances.filter((instance) => reasons.has(instance)).map((instance) => ({ instance, reason: reasons.get(instance)! })));
    };

    schedule();
  });
};

/** Reports each finished step of `kind` to `events`. */
const reporter = (events: ActivationEvents | undefined, kind: ActivationStep['kind']) =>
  (instance: string, reason: string | null, ms: number): void => events?.step?.({ kind, instance, reason, ms });

/**
 * Starts `instances` with `start`. Each one starts once every dependency it has among
 * `instances` is up, also one reached through processes outside the list, with at most
 * `limit` starting at once. A process with a failed dependency is not started; its reason
 * names the first dependency, in declaration order, known to have failed by then. Each
 * outcome goes to `events` as it happens; failures come back in the order of `instances`.
 */
export const startInOrder = (instances: readonly string[], dependenciesOf: Edges, start: Step, events?: ActivationOptions, limit = DEFAULT_CONCURRENCY): Promise<StepFailure[]> =>
  runInOrder(instances, dependenciesOf, withDeadlines(start, events), limit, blockedReason, reporter(events, 'start'));

/** How often a start still going is named, in ms. */
const NOTICE_EVERY_MS = 30_000;

/**
 * A start that gives up at the process's deadline, and says every 30 s that it is still
 * waiting. The manager's own start may go on for a while after the deadline (a readiness
 * poll ending at its own timeout); the switch does not wait for it and goes back.
 */
const withDeadlines = (start: Step, options: ActivationOptions | undefined): Step => async (instance) => {
  const seconds = options?.deadlines?.get(instance);
  const began = performance.now();
  const notice = options?.note && setInterval(() => {
    const elapsed = Math.round((performance.now() - began) / 1000);
    options.note?.(`waiting for ${instance} (${elapsed} s${seconds === undefined ? '' : ` of ${seconds} s`})`);
  }, NOTICE_EVERY_MS);
  let timer: NodeJS.Timeout | undefined;
  const deadline = seconds === undefined ? null : new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`gave up after ${seconds} s: it had not come up`), seconds * 1000);
  });
  try {
    return await (deadline === null ? start(instance) : Promise.race([start(instance), deadline]));
  } finally {
    clearTimeout(timer);
    clearInterval(notice || undefined);
  }
};

/**
 * Stops `instances` with `stop`, each once every process among `instances` that depends on
 * it (in the graph of the generation being left) has stopped or failed to, at most `limit`
 * at once. A failed stop does not hold anything back: what remains still has to go. Each
 * outcome goes to `events` as it happens; failures come back in the order of `instances`.
 */
export const stopInOrder = (instances: readonly string[], dependenciesOf: Edges, stop: Step, events?: ActivationEvents, limit = DEFAULT_CONCURRENCY): Promise<StepFailure[]> => {
  const dependents = new Map<string, string[]>();
  // Dependents are found by inverting the dependencies of every instance the caller knows:
  // the listed ones and whatever their dependencies lead to.
  const seen = new Set<string>();
  const visit = (instance: string): void => {
    if (seen.has(instance)) return;
    seen.add(instance);
    for (const dependency of dependenciesOf(instance)) {
      dependents.set(dependency, [...(dependents.get(dependency) ?? []), instance]);
      visit(dependency);
    }
  };
  for (const instance of instances) visit(instance);
  return runInOrder(instances, (instance) => dependents.get(instance) ?? [], stop, limit, null, reporter(events, 'stop'));
};
