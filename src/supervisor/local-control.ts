/**
 * The control interface implemented in-process, on top of a `Supervisor`: it knows which
 * generation runs, plans switches with minimal restarts, and returns to the previous
 * generation when a new one fails to come up, so a failed switch changes nothing.
 * @module
 */
import { ControlError } from '../errors.js';
import { computePlan } from '../deploy/plan.js';
import type { PlanUnit } from '../deploy/plan-types.js';
import type { ApplyOptions, ApplyResult, SupervisorControl, SupervisorStatus } from '../backends/embedded/control.js';
import type { LogLine, ManagerFault } from '../deploy/observation.js';
import { startDeadlines } from '../deploy/start-deadline.js';
import { loadGeneration, withDependencies, type LoadedGeneration } from './generation-services.js';
import { runningInstances } from '../backends/embedded/running.js';

const NO_SERVICES: LoadedGeneration['services'] = new Map();
import { followLog, readLastLines } from '../logs/tail.js';
import type { Supervisor } from './supervisor.js';

const restrict = (generation: LoadedGeneration, only: ReadonlySet<string>): LoadedGeneration => ({
  path: generation.path,
  units: generation.units.filter((u) => only.has(u.instance)),
  services: new Map([...generation.services].filter(([name]) => only.has(name))),
});

/** Options of `LocalControl`. */
export interface LocalControlOptions {
  /** Called after the current generation changed (the daemon persists it). */
  readonly onGeneration?: (generation: string | null) => void;
  /** Called when `shutdown` begins, whoever asked for it. */
  readonly onShutdownStart?: () => void;
  /** Called by `shutdown` once every process is stopped. */
  readonly onShutdown?: () => void;
  /** Faults of the host of the supervisor (the daemon's state file), for status. */
  readonly faults?: () => readonly ManagerFault[];
}

/** `SupervisorControl` over an in-process supervisor. */
export class LocalControl implements SupervisorControl {
  #current: LoadedGeneration | null = null;
  /** What a switch in progress brings up, so status can name it before it runs. */
  #applying: string | null = null;

  constructor(private readonly supervisor: Supervisor, private readonly options: LocalControlOptions = {}) {}

  /** The generation running now. */
  get generation(): string | null {
    return this.#current?.path ?? null;
  }

  async status(): Promise<SupervisorStatus> {
    return {
      pid: process.pid,
      generation: this.generation,
      ...(this.#applying === null ? {} : { applying: this.#applying }),
      processes: this.supervisor.status(),
      faults: [...(this.options.faults?.() ?? []), ...this.supervisor.faults()],
    };
  }

  #names(instances: readonly string[]): readonly string[] {
    if (instances.length === 0) throw new ControlError('name at least one process');
    const known = new Set(this.#current?.units.map((u) => u.instance) ?? []);
    const unknown = instances.filter((i) => !known.has(i));
    if (unknown.length > 0) throw new ControlError(`unknown process ${unknown.map((n) => `"${n}"`).join(', ')}`, known.size > 0 ? `known: ${[...known].join(', ')}` : 'nothing is deployed');
    return instances;
  }

  start = async (instances: readonly string[]): Promise<void> => this.supervisor.start(this.#names(instances));
  stop = async (instances: readonly string[]): Promise<void> => this.supervisor.stop(this.#names(instances));
  restart = async (instances: readonly string[]): Promise<void> => this.supervisor.restart(this.#names(instances));

  #running(): Set<string> {
    return runningInstances(this.supervisor.status());
  }

  async #switch(next: LoadedGeneration | null, options: ApplyOptions = {}): Promise<ApplyResult> {
    this.#applying = next?.path ?? null;
    try {
      return await this.#bringUp(next, options);
    } finally {
      this.#applying = null;
    }
  }

  /** Applies `next` with minimal restarts, and the way back when it does not come up. */
  async #bringUp(next: LoadedGeneration | null, options: ApplyOptions): Promise<ApplyResult> {
    const previous = this.#current;
    const plan = computePlan(previous?.units ?? null, next?.units ?? null, this.#running());
    const { events } = options;
    const result = await this.supervisor.apply(next?.services ?? NO_SERVICES, plan, { deadlines: startDeadlines(next?.units ?? [], options.timeout), events });
    if (result.failed.length === 0) {
      this.#current = next;
      this.options.onGeneration?.(this.generation);
      return { ...result, generation: this.generation, rolledBack: false };
    }
    // A shutdown stopped the switch half way: nothing is to be restored, and the supervisor
    // would refuse to start anything anyway.
    if (this.supervisor.shuttingDown) return { ...result, generation: this.generation, rolledBack: false };
    // Put back what ran before: the plan from the half-applied state to the previous generation.
    events?.note?.(previous === null ? 'removing what was started' : 'going back to the previous generation');
    const back = computePlan(next?.units ?? null, previous?.units ?? null, this.#running());
    const restored = await this.supervisor.apply(previous?.services ?? NO_SERVICES, back, { deadlines: startDeadlines(previous?.units ?? []), events });
    return { ...result, generation: this.generation, rolledBack: restored.failed.length === 0 };
  }

  /** Applies a generation by store path; null stops everything. */
  apply = async (generation: string | null, options: ApplyOptions = {}): Promise<ApplyResult> =>
    this.#switch(generation === null ? null : loadGeneration(generation), options);

  /** Applies only the named instances of a generation and their dependencies (`procform up NAME…`). */
  applyOnly = async (generation: string, names: readonly string[]): Promise<ApplyResult> => {
    const loaded = loadGeneration(generation);
    return this.#switch(names.length === 0 ? loaded : restrict(loaded, withDependencies(loaded.units, names)));
  };

  /** The plan a switch to `generation` would execute now (for `--dry-run`). */
  plan = (generation: string | null) => {
    const next: readonly PlanUnit[] | null = generation === null ? null : loadGeneration(generation).units;
    return computePlan(this.#current?.units ?? null, next, this.#running());
  };

  logs = async (instance: string | null, options: { lines: number; follow: boolean; signal?: AbortSignal }, onLine: (line: LogLine) => void): Promise<void> => {
    const targets = [...(this.#current?.services ?? NO_SERVICES).values()].filter(({ service }) => instance === null || service.instance === instance);
    if (instance !== null && targets.length === 0) this.#names([instance]);
    if (!options.follow) {
      for (const { service } of targets) {
        for (const text of readLastLines(service.logFile, options.lines)) onLine({ instance: service.instance, stream: 'stdout', text });
      }
      return;
    }
    const signal = options.signal ?? new AbortController().signal;
    await Promise.all(targets.map(({ service }) =>
      followLog(service.logFile, { lines: options.lines, signal }, (text) => onLine({ instance: service.instance, stream: 'stdout', text }))));
  };

  shutdown = async (): Promise<void> => {
    if (!this.supervisor.shuttingDown) this.options.onShutdownStart?.();
    await this.supervisor.shutdown();
    this.options.onShutdown?.();
  };
}
