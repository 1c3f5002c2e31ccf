/**
 * The embedded supervisor: runs a set of services in dependency order, keeps them up, and
 * switches between generations with the fewest restarts a plan allows. Each process is a
 * `Unit` driven by the state table; this class adds what involves several of them:
 * dependencies, ordering, applying a plan, and waiting for results.
 * @module
 */
import type { EmbeddedService } from '../backends/embedded/record.js';
import type { Plan } from '../deploy/plan-types.js';
import { ControlError } from '../errors.js';
import { topologicalOrder } from '../model/graph.js';
import type { ApplyResult, ProcessStatus } from '../backends/embedded/control.js';
import type { ManagerFault } from '../deploy/observation.js';
import type { ProcessState } from '../deploy/observation.js';
import { LOG_ROTATION_DEFAULTS } from '../logs/writer.js';
import { LogFiles, type LogRotation } from './output.js';
import { waitGroupsGone } from '../system/process-group.js';
import { Unit, type UnitHooks, type UnitStatus } from './unit.js';
import { dependenciesOf, dependentsOf } from './dependencies.js';
import { StartWatch, type Failure, type WatchOptions } from './start-watch.js';

/** States in which a unit has a process to stop. */
const RUNNING: ReadonlySet<ProcessState> = new Set(['starting', 'ready', 'stopping']);

/** States of a unit that is wanted up: what a restart of its dependency brings back. */
const UP: ReadonlySet<ProcessState> = new Set(['waiting', 'starting', 'ready', 'backoff']);

/** Lines of output shown for a failed process. */
const FAILED_LINES = 10;

/** How long `shutdown` waits for killed groups to vanish and pipes to drain. */
const SHUTDOWN_GRACE_MS = 2000;

/** Options of the supervisor. */
export interface SupervisorOptions {
  /** Rotation of every process's log file. @default 10 MiB, 5 files */
  readonly logs?: LogRotation;
  /** Every chunk of output, as it arrives (after it went to the log). */
  readonly onOutput?: (instance: string, stream: 'stdout' | 'stderr', chunk: Buffer) => void;
  /** Every change of a process's state, pid or counters. */
  readonly onChange?: (status: ProcessStatus) => void;
  /** Whether to honour `user` and state directory owners. @default process.getuid() === 0 */
  readonly isRoot?: boolean;
}

/** Service records by instance, with the store entry each came from. */
export type ServiceSet = ReadonlyMap<string, { readonly service: EmbeddedService; readonly entry: string }>;

/** A process group of a child, for cleanup by a later supervisor after a crash of this one. */
export interface ProcessGroup {
  readonly instance: string;
  readonly pid: number;
  readonly pgid: number;
  /** Milliseconds since the epoch. */
  readonly startedAt: number;
}


/** The supervisor. Library code: it throws `ControlError` on bad requests and never prints. */
export class Supervisor {
  readonly #units = new Map<string, Unit>();
  readonly #logs: LogFiles;
  /** Checks run after every change; a check returning true is done and removed. */
  readonly #watchers = new Set<() => boolean>();
  readonly #hooks: UnitHooks;
  #applying: Promise<unknown> = Promise.resolve();
  #shutdown: Promise<void> | null = null;

  constructor(private readonly options: SupervisorOptions = {}) {
    this.#logs = new LogFiles(options.logs ?? LOG_ROTATION_DEFAULTS);
    this.#hooks = {
      isRoot: options.isRoot ?? process.getuid?.() === 0,
      dependenciesReady: (unit) => unit.service.dependencies.every((d) => this.#units.get(d)?.ready === true),
      notifyDependents: (unit) => {
        for (const other of this.#units.values()) {
          if (other.state === 'waiting' && other.service.dependencies.includes(unit.instance) && this.#hooks.dependenciesReady(other)) other.send('depsReady');
        }
      },
      changed: (unit) => {
        this.#recheck();
        const onChange = this.options.onChange;
        if (onChange) isolated(() => onChange(this.#status(unit)));
      },
      output: (unit, stream, chunk) => {
        this.#logs.write(unit.service.logFile, stream, chunk);
        const onOutput = this.options.onOutput;
        if (onOutput) isolated(() => onOutput(unit.instance, stream, chunk));
      },
    };
  }

  /**
   * Switches to `services` along `plan`: stops `plan.stop` (dependents first, and anything
   * running that `services` no longer defines), replaces the definitions, then starts
   * `plan.start` with whatever of their dependencies is not up, each once its dependencies
   * are ready. Resolves when every started process is ready, exited successfully, or has
   * failed; it never rolls back by itself. `generation` is left null for the caller.
   */
  async apply(services: ServiceSet, plan: Plan, options: WatchOptions = {}): Promise<ApplyResult> {
    this.#open();
    const missing = plan.start.filter((name) => !services.has(name));
    if (missing.length > 0) throw new ControlError(`the plan starts ${quoted(missing)}, which the new definitions do not contain`, known([...services.keys()]));
    // One switch at a time: a second waits for the first to finish.
    const run = this.#applying.then(() => this.#apply(services, plan, options));
    this.#applying = run.catch(() => undefined);
    return run;
  }

  async #apply(services: ServiceSet, plan: Plan, options: WatchOptions): Promise<ApplyResult> {
    const removed = [...this.#units.values()].filter((u) => !services.has(u.instance) && u.state !== 'down').map((u) => u.instance);
    const stopped = [...new Set([...plan.stop.filter((name) => this.#units.has(name)), ...removed])];
    const step = options.events?.step;
    await this.#stopAll(new Set(stopped), step && ((instance, ms) => step({ kind: 'stop', instance, reason: null, ms })));
    if (this.#shutdown !== null) {
      return { generation: null, stopped, started: [], kept: plan.keep, failed: plan.start.map((instance) => ({ instance, reason: 'the supervisor is shutting down' })), rolledBack: false };
    }
    for (const unit of [...this.#units.values()]) {
      const next = services.get(unit.instance);
      if (next === undefined) this.#remove(unit);
      else if (next.service.logFile !== unit.service.logFile) this.#retireLog(unit, unit.service.logFile);
    }
    for (const [name, { service, entry }] of services) {
      const unit = this.#units.get(name);
      if (unit) unit.define(service, entry);
      else this.#units.set(name, new Unit(service, entry, this.#hooks));
    }
    const started = this.#withDependencies(plan.start);
    const failed = await this.#startAll(started, [], options);
    return { generation: null, stopped, started, kept: plan.keep, failed, rolledBack: false };
  }

  /** Starts processes and whatever they depend on that is not up; rejects when one does not come up. */
  async start(instances: readonly string[]): Promise<void> {
    this.#open();
    this.#known(instances);
    throwFailures(await this.#startAll(this.#withDependencies(instances)), 'did not start');
  }

  /** Stops processes, after the running processes that depend on them. */
  async stop(instances: readonly string[]): Promise<void> {
    this.#known(instances);
    const names = new Set(instances);
    for (const name of dependentsOf(this.#units, instances)) if (this.#units.get(name)?.state !== 'down') names.add(name);
    await this.#stopAll(names);
  }

  /**
   * Restarts processes (starting them when they are not running) and the processes that
   * depend on them and are up, as a switch does for a changed process: they may hold
   * connections or state tied to the old one. Dependents stop first, then the named
   * processes, and everything starts again in dependency order, each once its dependencies
   * are ready. Rejects when one does not come back.
   */
  async restart(instances: readonly string[]): Promise<void> {
    this.#open();
    this.#known(instances);
    const dependents = dependentsOf(this.#units, instances).filter((name) => {
      const unit = this.#units.get(name);
      return unit !== undefined && (UP.has(unit.state) || unit.ready);
    });
    const again = [...new Set([...instances, ...dependents])];
    await this.#stopAll(new Set(again));
    this.#open();
    throwFailures(await this.#startAll(this.#withDependencies(again)), 'did not restart');
  }

  /** True once `shutdown` was called: nothing will start any more. */
  get shuttingDown(): boolean {
    return this.#shutdown !== null;
  }

  /** Every process, dependencies before dependents. */
  status(): UnitStatus[] {
    return this.#ordered().map((unit) => this.#status(unit));
  }

  /** What fails now without stopping the supervisor: logs that cannot be written. */
  faults(): ManagerFault[] {
    return this.#logs.faults();
  }

  /** The process groups of the children now, for a state file. */
  processGroups(): ProcessGroup[] {
    return this.#ordered().flatMap((unit) => {
      const group = unit.group;
      return group ? [{ instance: unit.instance, ...group }] : [];
    });
  }

  /**
   * Stops everything in reverse dependency order, refuses any later start, and resolves
   * once no process group of any child is left and the logs are closed.
   */
  shutdown(): Promise<void> {
    // An apply in progress is not waited for: what it is starting is stopped here, and it
    // starts nothing more once it sees the shutdown.
    this.#shutdown ??= (async () => {
      const units = [...this.#units.values()];
      await this.#stopAll(new Set(this.#units.keys()));
      await waitGroupsGone(units.flatMap((u) => u.groups()), SHUTDOWN_GRACE_MS);
      await Promise.race([Promise.all(units.map((u) => u.drained())), new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())]);
      this.#logs.closeAll();
    })();
    return this.#shutdown;
  }

  #status(unit: Unit): UnitStatus {
    return unit.status(unit.state === 'failed' ? this.#logs.lastLines(unit.service.logFile, FAILED_LINES) : []);
  }

  #ordered(): Unit[] {
    const graph = new Map([...this.#units].map(([name, unit]) => [name, unit.service.dependencies]));
    return topologicalOrder(graph).flatMap((name) => this.#units.get(name) ?? []);
  }

  #open(): void {
    if (this.#shutdown !== null) throw new ControlError('the supervisor is shutting down');
  }

  #known(instances: readonly string[]): void {
    const unknown = instances.filter((name) => !this.#units.has(name));
    if (unknown.length > 0) throw new ControlError(`unknown process ${quoted(unknown)}`, known([...this.#units.keys()]));
  }

  /** The names and their dependencies that are not ready, dependencies first. */
  #withDependencies(instances: readonly string[]): string[] {
    const wanted = new Set(instances);
    for (const name of dependenciesOf(this.#units, instances)) if (this.#units.get(name)?.ready === false) wanted.add(name);
    return this.#ordered().map((unit) => unit.instance).filter((name) => wanted.has(name));
  }

  /** Starts `names` in dependency order, then waits for them and for `alsoWait`. */
  #startAll(names: readonly string[], alsoWait: readonly string[] = [], options: WatchOptions = {}): Promise<Failure[]> {
    for (const name of names) this.#units.get(name)?.send('start');
    const watch = new StartWatch([...names, ...alsoWait], this.#units, {
      ...options, lastOutput: (unit) => this.#logs.lastLines(unit.service.logFile, FAILED_LINES), wake: () => this.#recheck(),
    });
    return this.#until(() => watch.check()).then(() => watch.failed);
  }

  /**
   * Stops `names`, each after those of its dependents that are in `names`; independent ones
   * in parallel. What runs no process (waiting, in backoff) is stopped at once, so that it
   * cannot start while it waits for its turn.
   */
  async #stopAll(names: ReadonlySet<string>, onStopped?: (instance: string, ms: number) => void): Promise<void> {
    const stops = new Map<string, Promise<void>>();
    const timed = (name: string): Promise<void> => {
      const began = performance.now();
      return this.#stopUnit(name).then(() => onStopped?.(name, Math.round(performance.now() - began)));
    };
    const stopOne = (name: string): Promise<void> => {
      let stop = stops.get(name);
      if (stop === undefined) {
        const first = dependentsOf(this.#units, [name], 1).filter((d) => names.has(d));
        const idle = !RUNNING.has(this.#units.get(name)?.state ?? 'down');
        stop = idle ? timed(name) : Promise.all(first.map(stopOne)).then(() => timed(name));
        stops.set(name, stop);
      }
      return stop;
    };
    await Promise.all([...names].map(stopOne));
  }

  /** Resolves once the unit is no longer stopping after a stop request (down, unless restarted meanwhile). */
  #stopUnit(name: string): Promise<void> {
    const unit = this.#units.get(name);
    if (unit === undefined) return Promise.resolve();
    unit.send('stop');
    return this.#until(() => unit.state !== 'stopping');
  }

  /** Runs the watchers; each one that is satisfied is removed. */
  #recheck(): void {
    for (const check of [...this.#watchers]) if (check()) this.#watchers.delete(check);
  }

  /** Resolves when `check` holds, checking now and after every change. */
  #until(check: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const watcher = (): boolean => check() && (resolve(), true);
      if (!watcher()) this.#watchers.add(watcher);
    });
  }

  #remove(unit: Unit): void {
    this.#units.delete(unit.instance);
    this.#retireLog(unit, unit.service.logFile);
  }

  /** Closes a log once the pipes of the unit's processes, which may still hold output, are closed. */
  #retireLog(unit: Unit, path: string): void {
    void unit.drained().then(() => {
      if (![...this.#units.values()].some((u) => u.service.logFile === path)) this.#logs.close(path);
    });
  }
}

/**
 * Runs a caller's callback. Its exception must not break the transition in progress, so it
 * is thrown again on its own, where it surfaces as the caller's bug.
 */
const isolated = (callback: () => void): void => {
  try {
    callback();
  } catch (error) {
    process.nextTick(() => {
      throw error;
    });
  }
};

const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

const known = (names: readonly string[]): string => (names.length > 0 ? `known processes: ${[...names].sort().join(', ')}` : 'no process is defined');

const throwFailures = (failed: readonly Failure[], what: string): void => {
  if (failed.length > 0) throw new ControlError(failed.map((f) => `${f.instance} ${what}: ${f.reason}`).join('; '));
};
