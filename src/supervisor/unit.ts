/**
 * One supervised process at run time: its state, and the code that performs the state
 * table's actions. Events go through a queue, so every transition's actions complete
 * before the next event is looked at, even when an action answers at once (no
 * dependencies to wait for, no `initialize` to run). Events of a run that has ended are
 * recognised by their run number and dropped.
 * @module
 */
import type { EmbeddedService } from '../backends/embedded/record.js';
import type { ExitInfo, ProcessState } from '../deploy/observation.js';
import type { ProcessStatus } from '../backends/embedded/control.js';
import { LineFeed } from './line-feed.js';
import type { Privileges } from '../system/privileges.js';
import { groupExists, signalName } from '../system/process-group.js';
import { Run, type EventData } from './run.js';
import { step, type Action, type Step, type SupervisorEvent } from './state-machine.js';

/** What a unit needs from the supervisor around it. */
export interface UnitHooks {
  readonly isRoot: boolean;
  /** True when every dependency of the unit is ready. */
  dependenciesReady(unit: Unit): boolean;
  /** The unit became ready, ended or failed: waiting dependents may move. */
  notifyDependents(unit: Unit): void;
  /** State, pid or counters changed. */
  changed(unit: Unit): void;
  /** A chunk of output from any process of the unit. */
  output(unit: Unit, stream: 'stdout' | 'stderr', chunk: Buffer): void;
}

/** A process's status, with why it failed (not yet part of `ProcessStatus`). */
export interface UnitStatus extends ProcessStatus {
  /** Why the process is `failed`, else null. */
  readonly reason: string | null;
}

/** States in which a run exists. */
const RUNNING: ReadonlySet<ProcessState> = new Set(['starting', 'ready', 'stopping']);

/** One supervised process. */
export class Unit {
  state: ProcessState = 'down';
  /** Restarts since the last start request. */
  restarts = 0;
  consecutive = 0;
  lastExit: ExitInfo | null = null;
  /** Why the unit failed, while it is `failed`. */
  failure: string | null = null;

  #run: Run | null = null;
  #runs = 0;
  #afterStop: 'down' | 'restart' | 'fail' = 'down';
  #queuedFailure: string | null = null;
  #backoffTimer: NodeJS.Timeout | undefined;
  #queue: { event: SupervisorEvent; run: number | null; data: EventData }[] = [];
  #busy = false;
  #privileges: Privileges | null = null;
  readonly #pipes = new Set<Promise<void>>();
  readonly #lines = new LineFeed();
  /** Process groups of ended runs, until they are seen gone. */
  readonly #pastGroups = new Set<number>();

  constructor(public service: EmbeddedService, public entry: string, private readonly hooks: UnitHooks) {}

  get instance(): string {
    return this.service.instance;
  }

  /** Ready, or a oneshot that exited 0: what dependents wait for. */
  get ready(): boolean {
    return this.state === 'ready' || (this.state === 'exited' && this.service.type === 'oneshot' && this.lastExit?.code === 0);
  }

  /** When the running process started (ms), while it is `ready`; else null. */
  get upSince(): number | null {
    return this.state === 'ready' ? this.#run?.startedAt ?? null : null;
  }

  /** The process group owned now (`initialize` counts), for cleanup after a supervisor crash. */
  get group(): { pid: number; pgid: number; startedAt: number } | null {
    const owned = this.#run?.current() ?? null;
    return owned ? { ...owned, startedAt: this.#run?.startedAt ?? Date.now() } : null;
  }

  /** Every process group this unit started that may still have members. */
  groups(): number[] {
    const current = this.#run?.current()?.pgid;
    return [...this.#pastGroups, ...(current === undefined ? [] : [current])];
  }

  /** Replaces the definition; takes effect at the next start. */
  define(service: EmbeddedService, entry: string): void {
    this.service = service;
    this.entry = entry;
    this.#privileges = null;
  }

  /** Feeds a request (`start`, `stop`, `restart`) or dependency news (`depsReady`) in. */
  send(event: SupervisorEvent): void {
    this.#enqueue(event, null);
  }

  /** A switch stops waiting for this unit to come up: it fails with `reason` (ignored once up). */
  giveUp(reason: string): void {
    this.#enqueue('startDeadline', null, { reason });
  }

  /** Resolves once every pipe of every process started so far is closed. */
  drained(): Promise<void> {
    return Promise.all(this.#pipes).then(() => undefined);
  }

  /** The status as `procform status` shows it; `lastLines` only matter once failed. */
  status(lastLines: readonly string[]): UnitStatus {
    const run = this.#run;
    return {
      instance: this.instance,
      name: this.service.name,
      state: this.state,
      pid: run?.main ? run.current()?.pid ?? null : null,
      since: run?.startedAt ?? null,
      restarts: this.restarts,
      ready: this.ready,
      lastExit: this.lastExit,
      entry: this.entry,
      lastLines: this.state === 'failed' ? lastLines : [],
      reason: this.state === 'failed' ? this.failure : null,
    };
  }

  #enqueue(event: SupervisorEvent, run: number | null, data: EventData = {}): void {
    this.#queue.push({ event, run, data });
    if (this.#busy) return;
    this.#busy = true;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) this.#handle(next.event, next.run, next.data);
    } finally {
      this.#busy = false;
    }
  }

  #handle(event: SupervisorEvent, runId: number | null, data: EventData): void {
    const run = this.#run;
    if (runId !== null && runId !== run?.id) return;
    const startedAt = run?.startedAt ?? null;
    const result = step(this.state, event, {
      type: this.service.type,
      restart: this.service.restart,
      hasReadiness: this.service.readiness !== null,
      exit: data.exit ?? null,
      consecutive: this.consecutive,
      uptime: startedAt === null ? 0 : (Date.now() - startedAt) / 1000,
      afterStop: this.#afterStop,
    });
    if (result.ignored) return;
    if (event === 'exit' && data.exit) this.lastExit = { ...data.exit, at: Date.now() };
    this.state = result.state;
    this.consecutive = result.consecutive;
    if (this.state !== 'failed') this.failure = null;
    for (const action of result.actions) if (action !== 'notifyDependents') this.#perform(action, result, data);
    if (run !== null && this.#run === run && !RUNNING.has(this.state)) this.#endRun(run);
    this.hooks.changed(this);
    // Last, so that observers see this change before the dependents' changes it causes.
    if (result.actions.includes('notifyDependents')) this.hooks.notifyDependents(this);
  }

  #perform(action: Action, result: Step, data: EventData): void {
    const run = this.#run;
    switch (action) {
      case 'awaitDependencies':
        if (this.hooks.dependenciesReady(this)) this.#enqueue('depsReady', null);
        return;
      case 'resetRestarts':
        this.restarts = 0;
        return;
      case 'runInitialize':
        return this.#beginRun();
      case 'spawn':
        if (data.spec) run?.spawn(data.spec);
        return;
      case 'probeReadiness':
        run?.probe((listener) => this.#lines.subscribe(listener));
        return;
      case 'cancelProbe':
        run?.cancelProbe();
        return;
      case 'signalStop':
        this.#afterStop = 'down';
        this.#queuedFailure = null;
        run?.stop(signalName(this.service.stopSignal), this.service.stopTimeout * 1000);
        return;
      case 'killGroup':
        run?.kill();
        return;
      case 'countRestart':
        this.restarts++;
        return;
      case 'scheduleBackoff':
        // Without a delay, the restart happens in this same turn: nothing may slip in between.
        if (result.delay === 0) this.#enqueue('backoffElapsed', null);
        else this.#backoffTimer = setTimeout(() => this.#enqueue('backoffElapsed', null), result.delay);
        return;
      case 'cancelBackoff':
        clearTimeout(this.#backoffTimer);
        return;
      case 'queueRestart':
      case 'queueDown':
        this.#afterStop = action === 'queueRestart' ? 'restart' : 'down';
        return;
      case 'queueFailure':
        this.#afterStop = 'fail';
        this.#queuedFailure = data.reason ?? null;
        return;
      case 'markFailed':
        this.failure = result.reason ?? data.reason ?? this.#queuedFailure ?? 'failed';
        return;
      case 'notifyDependents':
        return; // After the change is announced, see #handle.
    }
  }

  #beginRun(): void {
    const service = this.service;
    const id = ++this.#runs;
    for (const pgid of this.#pastGroups) if (!groupExists(pgid)) this.#pastGroups.delete(pgid);
    const run = new Run(id, service, this.hooks.isRoot, {
      send: (event, data) => this.#enqueue(event, id, data),
      output: (stream, chunk) => {
        this.hooks.output(this, stream, chunk);
        this.#lines.push(stream, chunk);
      },
      draining: (pipes) => {
        this.#pipes.add(pipes);
        void pipes.then(() => this.#pipes.delete(pipes));
      },
      resolved: (privileges) => {
        if (this.service === service) this.#privileges = privileges;
      },
    });
    this.#run = run;
    run.prepare(this.#privileges);
  }

  /** The run is over: nothing of it may fire any more. */
  #endRun(run: Run): void {
    const pgid = run.current()?.pgid;
    if (pgid !== undefined && pgid > 0) this.#pastGroups.add(pgid);
    run.end();
    this.#run = null;
  }
}
