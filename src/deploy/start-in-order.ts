/**
 * Starting a plan's processes with dependencies first, for the activators of managers that
 * have no dependency ordering of their own (or whose ordering does not wait for readiness).
 * Independent processes start side by side: a switch of six independent webapps and a
 * proxy takes about as long as one webapp and the proxy, not six webapps in a row.
 * @module
 */

/** A process that was not brought up, and why. */
export interface StartFailure {
  readonly instance: string;
  readonly reason: string;
}

/**
 * Starts one process and waits until it is up: null when it is, otherwise the reason it is
 * not. A thrown error counts as a reason.
 */
export type StartOne = (instance: string) => Promise<string | null>;

/** How many processes start at once by default: readiness waits mostly idle. */
export const DEFAULT_START_CONCURRENCY = 4;

/** The reason a dependent of a failed process is given. */
export const blockedReason = (dependency: string): string => `not started: its dependency ${dependency} did not come up`;

type State = 'waiting' | 'starting' | 'up' | 'failed';

/**
 * The listed processes `instance` depends on, directly or through processes that are not
 * listed (those keep running, but what lies below them restarts), in declaration order.
 */
const listedBelow = (instance: string, listed: ReadonlyMap<string, unknown>, dependenciesOf: (instance: string) => readonly string[]): string[] => {
  const found: string[] = [];
  const seen = new Set<string>([instance]);
  const visit = (current: string): void => {
    for (const dependency of dependenciesOf(current)) {
      if (seen.has(dependency)) continue;
      seen.add(dependency);
      if (listed.has(dependency)) found.push(dependency);
      else visit(dependency);
    }
  };
  visit(instance);
  return found;
};

/**
 * Starts `instances` with `start`. Each one starts once every dependency it has among
 * `instances` is up, also one reached through processes outside the list, with at most
 * `limit` starting at once. A process with a failed dependency is not started; its reason
 * names the first dependency, in declaration order, known to have failed then. Failures come back in the order
 * of `instances`, whatever order they happened in.
 */
export const startInOrder = (
  instances: readonly string[],
  dependenciesOf: (instance: string) => readonly string[],
  start: StartOne,
  limit = DEFAULT_START_CONCURRENCY,
): Promise<StartFailure[]> => {
  const state = new Map<string, State>(instances.map((instance) => [instance, 'waiting']));
  const reasons = new Map<string, string>();
  const waitsFor = new Map(instances.map((instance) => [instance, listedBelow(instance, state, dependenciesOf)]));
  let starting = 0;

  return new Promise((resolve) => {
    const settle = (instance: string, reason: string | null): void => {
      starting -= 1;
      state.set(instance, reason === null ? 'up' : 'failed');
      if (reason !== null) reasons.set(instance, reason);
      schedule();
    };

    const schedule = (): void => {
      // Blocking can cascade down a chain, so pass until nothing changes.
      let changed = true;
      while (changed) {
        changed = false;
        for (const instance of instances) {
          if (state.get(instance) !== 'waiting') continue;
          const dependencies = waitsFor.get(instance)!;
          const failed = dependencies.find((dependency) => state.get(dependency) === 'failed');
          if (failed !== undefined) {
            state.set(instance, 'failed');
            reasons.set(instance, blockedReason(failed));
            changed = true;
            continue;
          }
          if (starting >= limit || !dependencies.every((dependency) => state.get(dependency) === 'up')) continue;
          starting += 1;
          state.set(instance, 'starting');
          changed = true;
          Promise.resolve().then(() => start(instance)).then(
            (reason) => settle(instance, reason),
            (error: unknown) => settle(instance, error instanceof Error ? error.message : String(error)),
          );
        }
      }
      if (starting > 0) return;
      // Nothing is starting, so whatever still waits waits on a cycle: validation rejects
      // cycles, but a hand-made plan must not hang the switch.
      for (const instance of instances) {
        if (state.get(instance) !== 'waiting') continue;
        state.set(instance, 'failed');
        reasons.set(instance, 'not started: its dependencies form a cycle');
      }
      resolve(instances.filter((instance) => reasons.has(instance)).map((instance) => ({ instance, reason: reasons.get(instance)! })));
    };

    schedule();
  });
};
