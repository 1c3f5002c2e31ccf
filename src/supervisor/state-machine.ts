/**
 * The supervisor's behaviour as one table, in the manner of s6-supervise: for each state
 * (rows) the events it reacts to (columns), the state that follows and the actions to
 * perform. An event missing from a row is ignored in that state. The table and `step` are
 * pure: the unit runtime (unit.ts) performs the actions and feeds events back in.
 * @module
 */
import type { ProcessState } from '../deploy/observation.js';
import type { Restart } from '../model/restart.js';
import { restartDelay } from './backoff.js';

/** What can happen to a process: requests from outside, and news from its run. */
export type SupervisorEvent =
  /** Requests: wanted up, wanted down, wanted up again now. */
  | 'start' | 'stop' | 'restart'
  /** Every dependency is ready (sent in answer to `awaitDependencies`). */
  | 'depsReady'
  /** State directories exist and `initialize` succeeded. */
  | 'initialized'
  /** The process could not be started: state directories, `initialize`, spawn or daemon launcher failed. */
  | 'startFailed'
  /** The process runs (in daemon mode: its pid file named a live process). */
  | 'spawned'
  /** The readiness probe succeeded. */
  | 'ready'
  /** The readiness probe (or the pid file) did not succeed in time. */
  | 'readinessTimeout'
  /** The supervised process ended. */
  | 'exit'
  /** `stopTimeout` passed after the stop signal. */
  | 'stopTimeout'
  /** The restart delay is over. */
  | 'backoffElapsed'
  /** A switch waited its deadline for the process to come up: give up (the reason comes with it). */
  | 'startDeadline';

/** What the unit runtime does on a transition, in the order listed. */
export type Action =
  /** Check the dependencies now and answer `depsReady` when they are (at once or later). */
  | 'awaitDependencies'
  /** Zero the restart count shown in status (a start asked for by a person or a deploy). */
  | 'resetRestarts'
  /** Create the state directories, run `initialize`; answer `initialized` or `startFailed`. */
  | 'runInitialize'
  /** Start the process; answer `spawned` or `startFailed`, later `exit`. */
  | 'spawn'
  /** Start the readiness probe and its deadline; answer `ready` or `readinessTimeout`. */
  | 'probeReadiness'
  | 'cancelProbe'
  /** Send `stopSignal` to the process group and arm the `stopTimeout` timer. */
  | 'signalStop'
  /** SIGKILL to the whole process group. */
  | 'killGroup'
  /** Count one more restart in status. */
  | 'countRestart'
  /** Arm the restart timer with the step's `delay`; it answers `backoffElapsed`. */
  | 'scheduleBackoff'
  | 'cancelBackoff'
  /** Once the process has ended: restart it / fail it with the queued reason / just stop. */
  | 'queueRestart'
  | 'queueFailure'
  | 'queueDown'
  /** Record the step's (or the queued) failure reason; status then shows the last lines. */
  | 'markFailed'
  /** Dependents waiting for this process may go on (or give up). */
  | 'notifyDependents';

/** What a decision needs to know besides the state and the event. */
export interface StepContext {
  readonly type: 'longrun' | 'oneshot';
  readonly restart: Restart;
  /** A readiness probe is declared (and applies: oneshots are ready when they exit 0). */
  readonly hasReadiness: boolean;
  /** How the process ended, for `exit`; a null code and signal mean unknown (daemon mode). */
  readonly exit: { readonly code: number | null; readonly signal: string | null } | null;
  /** Consecutive restarts so far. */
  readonly consecutive: number;
  /** Seconds the run that just ended was up. */
  readonly uptime: number;
  /** What a stop in progress leads to, set by the queue actions. */
  readonly afterStop: 'down' | 'restart' | 'fail';
}

/** A row's cell: the next state and the actions, plus what a decision computed. */
export interface Transition {
  readonly to: ProcessState;
  readonly actions: readonly Action[];
  /** New consecutive-restart count; unchanged when absent. */
  readonly consecutive?: number;
  /** Milliseconds for `scheduleBackoff`. */
  readonly delay?: number;
  /** Why the process failed, for `markFailed` (or queued by `queueFailure`). */
  readonly reason?: string;
}

/** A cell is a fixed transition or a decision on the context. */
export type Rule = Transition | ((context: StepContext) => Transition);

/** The result of `step`; `ignored` when the state has no rule for the event. */
export interface Step {
  readonly state: ProcessState;
  readonly actions: readonly Action[];
  readonly consecutive: number;
  readonly delay: number;
  readonly reason: string | null;
  readonly ignored: boolean;
}

/** "exit code 1", "signal SIGKILL", or "exit (status unknown)" for a watched daemon. */
export const describeExit = (exit: StepContext['exit']): string =>
  exit?.signal ? `signal ${exit.signal}` : exit?.code != null ? `exit code ${exit.code}` : 'exit (status unknown)';

/**
 * The process ended on its own. A oneshot's exit 0 is its success; otherwise the restart
 * policy decides. The consecutive count restarts from zero after a run that lasted
 * `resetAfter`, and passing `maxRestarts` gives up. A daemon's unknown status counts as
 * a failure: nobody expects a daemon to end.
 */
const ended = (cancel: readonly Action[]) => (c: StepContext): Transition => {
  const clean = c.exit?.code === 0;
  if (c.type === 'oneshot' && clean) return { to: 'exited', actions: [...cancel, 'notifyDependents'] };
  const policy = c.restart.policy;
  if (policy === 'no' || (policy === 'on-failure' && clean)) {
    return clean
      ? { to: 'exited', actions: [...cancel, 'notifyDependents'] }
      : { to: 'failed', actions: [...cancel, 'markFailed', 'notifyDependents'], reason: `ended with ${describeExit(c.exit)}` };
  }
  const consecutive = (c.uptime >= c.restart.backoff.resetAfter ? 0 : c.consecutive) + 1;
  if (consecutive > c.restart.maxRestarts) {
    const reason = `ended with ${describeExit(c.exit)} after ${c.restart.maxRestarts} consecutive restart${c.restart.maxRestarts === 1 ? '' : 's'}`;
    return { to: 'failed', actions: [...cancel, 'markFailed', 'notifyDependents'], consecutive, reason };
  }
  return { to: 'backoff', actions: [...cancel, 'countRestart', 'scheduleBackoff'], consecutive, delay: restartDelay(consecutive, c.restart.backoff) };
};

/** The process group is gone after a stop: go where the stop was meant to lead. */
const stopped = (c: StepContext): Transition =>
  c.afterStop === 'restart' ? { to: 'waiting', actions: ['awaitDependencies'] }
  : c.afterStop === 'fail' ? { to: 'failed', actions: ['markFailed', 'notifyDependents'] }
  : { to: 'down', actions: [] };

/** Running: ready at once without a probe; a oneshot is "ready" only by exiting 0. */
const spawned = (c: StepContext): Transition =>
  c.type === 'oneshot' ? { to: 'starting', actions: [] }
  : c.hasReadiness ? { to: 'starting', actions: ['probeReadiness'] }
  : { to: 'ready', actions: ['notifyDependents'] };

/** A start asked for from outside: fresh counters, then wait for the dependencies. */
const fresh: Transition = { to: 'waiting', actions: ['resetRestarts', 'awaitDependencies'], consecutive: 0 };

/** The whole behaviour. Rows are states, columns are events. */
export const transitions: Record<ProcessState, Partial<Record<SupervisorEvent, Rule>>> = {
  down: {
    start: fresh,
    restart: fresh,
  },
  waiting: {
    depsReady: { to: 'starting', actions: ['runInitialize'] },
    stop: { to: 'down', actions: [] },
  },
  starting: {
    initialized: { to: 'starting', actions: ['spawn'] },
    // A start that cannot even happen is a configuration problem: retrying it would only
    // delay the report, so it fails at once.
    startFailed: { to: 'failed', actions: ['markFailed', 'notifyDependents'] },
    spawned,
    ready: { to: 'ready', actions: ['notifyDependents'] },
    readinessTimeout: { to: 'stopping', actions: ['cancelProbe', 'signalStop', 'queueFailure'] },
    startDeadline: { to: 'stopping', actions: ['cancelProbe', 'signalStop', 'queueFailure'] },
    exit: ended(['cancelProbe']),
    stop: { to: 'stopping', actions: ['cancelProbe', 'signalStop'] },
    restart: { to: 'stopping', actions: ['cancelProbe', 'signalStop', 'queueRestart'], consecutive: 0 },
  },
  ready: {
    exit: ended([]),
    stop: { to: 'stopping', actions: ['signalStop'] },
    restart: { to: 'stopping', actions: ['signalStop', 'queueRestart'], consecutive: 0 },
  },
  stopping: {
    exit: stopped,
    // `initialize` (or the daemon launcher) was what ran when the stop came.
    initialized: stopped,
    startFailed: stopped,
    stopTimeout: { to: 'stopping', actions: ['killGroup'] },
    start: { to: 'stopping', actions: ['queueRestart'], consecutive: 0 },
    restart: { to: 'stopping', actions: ['queueRestart'], consecutive: 0 },
    stop: { to: 'stopping', actions: ['queueDown'] },
  },
  backoff: {
    backoffElapsed: { to: 'waiting', actions: ['awaitDependencies'] },
    // A crash loop that outlasts a switch's patience: no further attempt.
    startDeadline: { to: 'failed', actions: ['cancelBackoff', 'markFailed', 'notifyDependents'] },
    stop: { to: 'down', actions: ['cancelBackoff'] },
    restart: { to: 'waiting', actions: ['cancelBackoff', 'awaitDependencies'], consecutive: 0 },
  },
  exited: {
    start: fresh,
    restart: fresh,
    stop: { to: 'down', actions: [] },
  },
  failed: {
    start: fresh,
    restart: fresh,
    stop: { to: 'down', actions: [] },
  },
};

/** Looks the event up in the state's row and evaluates the decision, if any. */
export const step = (state: ProcessState, event: SupervisorEvent, context: StepContext): Step => {
  const rule = transitions[state][event];
  if (rule === undefined) return { state, actions: [], consecutive: context.consecutive, delay: 0, reason: null, ignored: true };
  const t = typeof rule === 'function' ? rule(context) : rule;
  return { state: t.to, actions: t.actions, consecutive: t.consecutive ?? context.consecutive, delay: t.delay ?? 0, reason: t.reason ?? null, ignored: false };
};
