/**
 * One attempt at running a process, from its state directories and `initialize` to the end
 * of the process: the processes it owns, its readiness probe and its stop timer. A run
 * reports through events bound to it, so whatever it says after it was ended (a late exit,
 * a probe answer) is recognised as stale by the unit and dropped.
 * @module
 */
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { EmbeddedService } from '../backends/embedded/record.js';
import { spawnChild, type LaunchSpec } from './child.js';
import { startForking, type ForkingRun } from './forking.js';
import { commandSpec, initializeSpec, prepareStart, secretsOf, startsImmediately } from './launch.js';
import type { Privileges } from '../system/privileges.js';
import { signalGroup } from '../system/process-group.js';
import { checkAccount, startProbe, type CancelProbe, type LineListener } from '../probes/readiness.js';
import { describeExit, type SupervisorEvent } from './state-machine.js';

/** What an event carries. */
export interface EventData {
  readonly exit?: { readonly code: number | null; readonly signal: string | null };
  readonly reason?: string;
  readonly spec?: LaunchSpec;
}

/** How a run talks back to its unit. */
export interface RunEvents {
  send(event: SupervisorEvent, data?: EventData): void;
  output(stream: 'stdout' | 'stderr', chunk: Buffer): void;
  /** Pipes that will close some time after the process ends. */
  draining(pipes: Promise<void>): void;
  /** The user lookup, worth keeping for the next run of the same definition. */
  resolved(privileges: Privileges): void;
}

/** A process group a run owns. */
export interface OwnedProcess {
  readonly pid: number;
  readonly pgid: number;
}

/** One attempt at running a service. */
export class Run {
  /** When the service process started (ms), or null before. */
  startedAt: number | null = null;
  /** True once `current()` is the service itself rather than `initialize`. */
  main = false;
  #current: () => OwnedProcess | null = () => null;
  #signal: ((signal: NodeJS.Signals) => void) | null = null;
  #forking: ForkingRun | null = null;
  #notify: Readable | null = null;
  #env: Readonly<Record<string, string>> | null = null;
  #cancelProbe: CancelProbe | null = null;
  #stopTimer: NodeJS.Timeout | undefined;
  #stopping = false;

  constructor(readonly id: number, private readonly service: EmbeddedService, private readonly isRoot: boolean, private readonly events: RunEvents) {}

  /** The process group owned now: the `initialize` shell, the command, or the daemon. */
  current(): OwnedProcess | null {
    return this.#current();
  }

  /** State directories, user lookup, then `initialize`; answers `initialized` with the command's spec. */
  prepare(cached: Privileges | null): void {
    const { service, events } = this;
    if (startsImmediately(service, this.isRoot)) return this.#initialize(commandSpec(service, { argv: service.command, ids: null }));
    prepareStart(service, this.isRoot, cached).then((privileges) => {
      events.resolved(privileges);
      return commandSpec(service, privileges, secretsOf(service));
    }).then((spec) => this.#initialize(spec), (error: Error) => events.send('startFailed', { reason: error.message }));
  }

  #initialize(spec: LaunchSpec): void {
    const { service, events } = this;
    // A stop during the preparation lands here too: `initialized` then completes the stop.
    if (service.initialize === '' || this.#stopping) return events.send('initialized', { spec });
    const shell = spawnChild(initializeSpec(service), {
      onOutput: events.output,
      onError: (error) => events.send('startFailed', { reason: `initialize could not run: ${error.message}` }),
      onExit: (code, signal) => code === 0
        ? events.send('initialized', { spec })
        : events.send('startFailed', { reason: `initialize ended with ${describeExit({ code, signal })}` }),
    });
    if (shell === null) return;
    events.draining(shell.drained);
    this.#current = () => shell;
    this.#signal = (name) => signalGroup(shell.pgid, name);
  }

  /** Starts the service process; answers `spawned` (or `startFailed`), later `exit`. */
  spawn(spec: LaunchSpec): void {
    const { service, events } = this;
    this.#env = spec.env;
    this.#current = () => null;
    this.#signal = null;
    this.main = true;
    if (service.mode === 'daemon' && service.pidFile !== null) {
      const forking = startForking(spec, service.pidFile, (service.readiness?.timeout ?? 60) * 1000, {
        onOutput: events.output,
        onStarted: () => {
          this.startedAt = Date.now();
          events.send('spawned');
        },
        onStartFailed: (reason) => events.send('startFailed', { reason }),
        onTimeout: (reason) => events.send('readinessTimeout', { reason }),
        onExit: () => events.send('exit', { exit: { code: null, signal: null } }),
      });
      this.#forking = forking;
      this.#current = () => forking.current();
      this.#signal = (name) => forking.signal(name);
      return;
    }
    const child = spawnChild(spec, {
      onOutput: events.output,
      onError: (error) => events.send('startFailed', { reason: spawnFailure(service, error) }),
      onExit: (code, signal) => events.send('exit', { exit: { code, signal } }),
    });
    if (child === null) return;
    events.draining(child.drained);
    this.#current = () => child;
    this.#signal = (name) => signalGroup(child.pgid, name);
    this.#notify = child.notify;
    this.startedAt = Date.now();
    events.send('spawned');
  }

  /** Starts the readiness probe; answers `ready` or `readinessTimeout`. */
  probe(subscribeLines: (listener: LineListener) => () => void): void {
    const readiness = this.service.readiness;
    if (readiness === null) return;
    this.#cancelProbe = startProbe(
      {
        readiness, env: this.#env ?? this.service.environment, cwd: this.service.directory, subscribeLines, notify: this.#notify,
        account: checkAccount(this.service.user, this.service.group, this.isRoot),
        owner: { name: this.service.instance, pid: () => this.#current()?.pid ?? null },
      },
      { onReady: () => this.events.send('ready'), onTimeout: (reason) => this.events.send('readinessTimeout', { reason }) },
    );
  }

  cancelProbe(): void {
    this.#cancelProbe?.();
    this.#cancelProbe = null;
  }

  /** Sends the stop signal to what runs, and `stopTimeout` after `timeoutMs`. */
  stop(signal: NodeJS.Signals, timeoutMs: number): void {
    this.#stopping = true;
    this.cancelProbe();
    // Nothing runs yet while the state directories are made; `initialized` will end the stop.
    if (this.#signal === null) return;
    this.#signal(signal);
    this.#stopTimer = setTimeout(() => this.events.send('stopTimeout'), timeoutMs);
  }

  /** SIGKILL to the whole group. */
  kill(): void {
    this.#signal?.('SIGKILL');
  }

  /** The run is over: no timer, probe or poll of it may fire any more. */
  end(): void {
    this.cancelProbe();
    this.#forking?.cancel();
    clearTimeout(this.#stopTimer);
  }
}

/** Why spawning failed; spawn blames the command for a missing working directory too. */
const spawnFailure = (service: EmbeddedService, error: Error): string =>
  service.directory !== null && !existsSync(service.directory)
    ? `working directory ${service.directory} does not exist`
    : `cannot run ${service.command.join(' ')}: ${error.message}`;
