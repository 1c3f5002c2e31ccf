/**
 * Waiting for the processes a switch (or a start) asked to come up: who came up and who
 * did not, a deadline per process after which the switch stops waiting, and a notice every
 * few seconds about who is still awaited, so a long wait is never silent.
 * @module
 */
import type { ActivationEvents } from '../deploy/activator.js';
import { describeExit } from './state-machine.js';
import { endedEarly, outcome, settleLeft } from './start-outcome.js';
import type { Unit } from './unit.js';

/** A process that did not come up, and why. */
export interface Failure {
  readonly instance: string;
  readonly reason: string;
}

/** How to wait. */
export interface WatchOptions {
  /** Seconds each process may take to come up, counted from its first start, across restarts; absent: no limit. */
  readonly deadlines?: ReadonlyMap<string, number>;
  /** Hears of each process as it comes up or fails, and of those still awaited. */
  readonly events?: ActivationEvents;
  /**
   * How often to look at the processes still awaited. A notice goes out when where one
   * stands has changed, and at least every sixth look. @default 5000
   */
  readonly noticeEveryMs?: number;
  /** The last lines a unit printed, to say why it did not come up. */
  readonly lastOutput?: (unit: Unit) => readonly string[];
  /** Asks for another `check` later, without any change to set it off. */
  readonly wake?: () => void;
}

/** Looks without a notice while nothing changes: a notice every 30 s at the default pace. */
const QUIET_LOOKS = 6;

/** Where a process that has not come up yet stands, in words. */
export const describeWait = (unit: Unit): string => {
  const exits = unit.restarts > 0 ? `, ${unit.restarts} restart${unit.restarts === 1 ? '' : 's'}, last ${describeExit(unit.lastExit)}` : '';
  if (unit.state === 'backoff') return `it keeps exiting${exits}`;
  if (unit.state === 'waiting') return 'it waits for its dependencies';
  if (unit.service.type === 'oneshot') return `it is still running${exits}`;
  return unit.service.readiness === null ? `it is starting${exits}` : `its ${unit.service.readiness.kind} readiness check has not succeeded yet${exits}`;
};

/** Watches `names` until each has come up, failed or been given up on. */
export class StartWatch {
  readonly failed: Failure[] = [];
  readonly #pending: Set<string>;
  readonly #since = new Map<string, number>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #ticker: NodeJS.Timeout | undefined;
  /** What the last notice said of each process, and how many looks ago. */
  readonly #told = new Map<string, { text: string; looks: number }>();
  /** Restart counts once the start requests were handled: a restart counted later is an exit. */
  readonly #restartsBefore: Map<string, number>;
  #wake: NodeJS.Timeout | undefined;

  constructor(names: readonly string[], private readonly units: ReadonlyMap<string, Unit>, private readonly options: WatchOptions = {}) {
    this.#pending = new Set(names);
    this.#restartsBefore = new Map(names.map((name) => [name, units.get(name)?.restarts ?? 0]));
    if (options.events?.note) this.#ticker = setInterval(() => this.#notice(), options.noticeEveryMs ?? 5000);
  }

  /** Looks at every awaited unit after a change; true once none is awaited. */
  check(): boolean {
    clearTimeout(this.#wake);
    const now = Date.now();
    let soonest = Infinity;
    for (const name of this.#pending) {
      const unit = this.units.get(name);
      const before = this.#restartsBefore.get(name) ?? 0;
      const reason = unit === undefined ? 'is not defined' : outcome(unit, this.units, now, before);
      if (reason === 'pending') {
        if (unit !== undefined && unit.state !== 'waiting' && !this.#since.has(name)) this.#arm(unit);
        // Staying up changes nothing a watcher would see: look again when the period is over.
        const left = unit === undefined ? 0 : settleLeft(unit, now);
        if (left > 0) soonest = Math.min(soonest, left);
        continue;
      }
      this.#pending.delete(name);
      this.#clear(name);
      if (reason !== null) this.failed.push({ instance: name, reason: unit !== undefined && endedEarly(unit, before) ? this.#withOutput(unit, reason) : reason });
      const began = this.#since.get(name);
      this.options.events?.step?.({ kind: 'start', instance: name, reason, ms: began === undefined ? 0 : Math.round(performance.now() - began) });
    }
    if (this.#pending.size > 0) {
      if (soonest < Infinity && this.options.wake) this.#wake = setTimeout(this.options.wake, soonest);
      return false;
    }
    clearInterval(this.#ticker);
    return true;
  }

  /** A reason with the last lines the unit printed. */
  #withOutput(unit: Unit, reason: string): string {
    const lines = (this.options.lastOutput?.(unit) ?? []).filter((line) => line.trim() !== '').slice(-5);
    return lines.length === 0 ? reason : `${reason}; its last output: ${lines.join(' | ')}`;
  }

  #arm(unit: Unit): void {
    const name = unit.instance;
    this.#since.set(name, performance.now());
    const seconds = this.options.deadlines?.get(name);
    if (seconds === undefined) return;
    this.#timers.set(name, setTimeout(() => {
      const last = this.options.lastOutput?.(unit).filter((line) => line.trim() !== '').at(-1);
      unit.giveUp(`gave up after ${seconds} s: ${describeWait(unit)}${last ? `; its last output: ${last}` : ''}`);
    }, seconds * 1000));
  }

  #clear(name: string): void {
    clearTimeout(this.#timers.get(name));
    this.#timers.delete(name);
  }

  #notice(): void {
    for (const name of this.#pending) {
      const unit = this.units.get(name);
      const began = this.#since.get(name);
      if (unit === undefined || began === undefined) continue;
      const text = describeWait(unit);
      const told = this.#told.get(name);
      if (told !== undefined && told.text === text && told.looks < QUIET_LOOKS) {
        told.looks++;
        continue;
      }
      this.#told.set(name, { text, looks: 1 });
      const seconds = this.options.deadlines?.get(name);
      const elapsed = Math.round((performance.now() - began) / 1000);
      this.options.events?.note?.(`waiting for ${name}: ${text} (${elapsed} s${seconds === undefined ? '' : ` of ${seconds} s`})`);
    }
  }
}
