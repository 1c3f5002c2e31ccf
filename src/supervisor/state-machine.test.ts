import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Restart } from '../model/restart.js';
import { restartDelay } from './backoff.js';
import { step, transitions, type StepContext, type SupervisorEvent } from './state-machine.js';
import type { ProcessState } from '../deploy/observation.js';

const restart = (policy: Restart['policy'] = 'always', maxRestarts = 3): Restart => ({
  policy, maxRestarts, backoff: { initial: 1, factor: 2, max: 30, resetAfter: 30 },
});

const context = (overrides: Partial<StepContext> = {}): StepContext => ({
  type: 'longrun', restart: restart(), hasReadiness: false, exit: null, consecutive: 0, uptime: 1, afterStop: 'down', ...overrides,
});

const exit = (code: number | null, signal: string | null = null): StepContext['exit'] => ({ code, signal });

/** Every row of the table, with the transition expected for a context. */
const rows: [ProcessState, SupervisorEvent, Partial<StepContext>, ProcessState, string[], Partial<{ consecutive: number; delay: number; reason: RegExp }>?][] = [
  ['down', 'start', {}, 'waiting', ['resetRestarts', 'awaitDependencies'], { consecutive: 0 }],
  ['down', 'restart', { consecutive: 2 }, 'waiting', ['resetRestarts', 'awaitDependencies'], { consecutive: 0 }],
  ['waiting', 'depsReady', {}, 'starting', ['runInitialize']],
  ['waiting', 'stop', {}, 'down', []],
  ['starting', 'initialized', {}, 'starting', ['spawn']],
  ['starting', 'startFailed', {}, 'failed', ['markFailed', 'notifyDependents']],
  ['starting', 'spawned', {}, 'ready', ['notifyDependents']],
  ['starting', 'spawned', { hasReadiness: true }, 'starting', ['probeReadiness']],
  ['starting', 'spawned', { type: 'oneshot', hasReadiness: true }, 'starting', []],
  ['starting', 'ready', {}, 'ready', ['notifyDependents']],
  ['starting', 'readinessTimeout', {}, 'stopping', ['cancelProbe', 'signalStop', 'queueFailure']],
  ['starting', 'startDeadline', {}, 'stopping', ['cancelProbe', 'signalStop', 'queueFailure']],
  ['starting', 'exit', { exit: exit(1) }, 'backoff', ['cancelProbe', 'countRestart', 'scheduleBackoff'], { consecutive: 1, delay: 0 }],
  ['starting', 'exit', { type: 'oneshot', exit: exit(0), restart: restart('on-failure') }, 'exited', ['cancelProbe', 'notifyDependents']],
  ['starting', 'stop', {}, 'stopping', ['cancelProbe', 'signalStop']],
  ['starting', 'restart', { consecutive: 2 }, 'stopping', ['cancelProbe', 'signalStop', 'queueRestart'], { consecutive: 0 }],
  ['ready', 'exit', { exit: exit(null, 'SIGKILL') }, 'backoff', ['countRestart', 'scheduleBackoff'], { consecutive: 1, delay: 0 }],
  ['ready', 'stop', {}, 'stopping', ['signalStop']],
  ['ready', 'restart', {}, 'stopping', ['signalStop', 'queueRestart'], { consecutive: 0 }],
  ['stopping', 'exit', { exit: exit(0) }, 'down', []],
  ['stopping', 'exit', { exit: exit(1), afterStop: 'restart' }, 'waiting', ['awaitDependencies']],
  ['stopping', 'exit', { exit: exit(null, 'SIGTERM'), afterStop: 'fail' }, 'failed', ['markFailed', 'notifyDependents']],
  ['stopping', 'initialized', {}, 'down', []],
  ['stopping', 'startFailed', { afterStop: 'restart' }, 'waiting', ['awaitDependencies']],
  ['stopping', 'stopTimeout', {}, 'stopping', ['killGroup']],
  ['stopping', 'start', {}, 'stopping', ['queueRestart'], { consecutive: 0 }],
  ['stopping', 'restart', {}, 'stopping', ['queueRestart'], { consecutive: 0 }],
  ['stopping', 'stop', { afterStop: 'restart' }, 'stopping', ['queueDown']],
  ['backoff', 'backoffElapsed', {}, 'waiting', ['awaitDependencies']],
  ['backoff', 'startDeadline', {}, 'failed', ['cancelBackoff', 'markFailed', 'notifyDependents']],
  ['backoff', 'stop', {}, 'down', ['cancelBackoff']],
  ['backoff', 'restart', { consecutive: 3 }, 'waiting', ['cancelBackoff', 'awaitDependencies'], { consecutive: 0 }],
  ['exited', 'start', {}, 'waiting', ['resetRestarts', 'awaitDependencies'], { consecutive: 0 }],
  ['exited', 'restart', {}, 'waiting', ['resetRestarts', 'awaitDependencies'], { consecutive: 0 }],
  ['exited', 'stop', {}, 'down', []],
  ['failed', 'start', { consecutive: 4 }, 'waiting', ['resetRestarts', 'awaitDependencies'], { consecutive: 0 }],
  ['failed', 'restart', {}, 'waiting', ['resetRestarts', 'awaitDependencies'], { consecutive: 0 }],
  ['failed', 'stop', {}, 'down', []],
];

for (const [state, event, overrides, to, actions, extra] of rows) {
  test(`${state} × ${event}${Object.keys(overrides).length > 0 ? ` ${JSON.stringify(overrides)}` : ''} → ${to}`, () => {
    const result = step(state, event, context(overrides));
    assert.equal(result.ignored, false);
    assert.equal(result.state, to);
    assert.deepEqual(result.actions, actions);
    if (extra?.consecutive !== undefined) assert.equal(result.consecutive, extra.consecutive);
    if (extra?.delay !== undefined) assert.equal(result.delay, extra.delay);
  });
}

test('every cell of the table is covered by a row above', () => {
  const covered = new Set(rows.map(([state, event]) => `${state}×${event}`));
  for (const [state, row] of Object.entries(transitions)) {
    for (const event of Object.keys(row)) assert.ok(covered.has(`${state}×${event}`), `${state}×${event} has no test`);
  }
});

test('events without a rule are ignored and change nothing', () => {
  for (const [state, event] of [['ready', 'startDeadline'], ['waiting', 'startDeadline'], ['exited', 'startDeadline'], ['down', 'stop'], ['ready', 'start'], ['waiting', 'exit'], ['backoff', 'start'], ['down', 'exit'], ['ready', 'depsReady']] as const) {
    const result = step(state, event, context({ consecutive: 2 }));
    assert.deepEqual(result, { state, actions: [], consecutive: 2, delay: 0, reason: null, ignored: true });
  }
});

test('restart policy "no": a clean exit is exited, any other exit is failed', () => {
  assert.equal(step('ready', 'exit', context({ restart: restart('no'), exit: exit(0) })).state, 'exited');
  const failed = step('ready', 'exit', context({ restart: restart('no'), exit: exit(3) }));
  assert.equal(failed.state, 'failed');
  assert.match(failed.reason ?? '', /exit code 3/);
});

test('restart policy "on-failure": exit 0 ends it, a non-zero exit or a signal restarts it', () => {
  assert.equal(step('ready', 'exit', context({ restart: restart('on-failure'), exit: exit(0) })).state, 'exited');
  assert.equal(step('ready', 'exit', context({ restart: restart('on-failure'), exit: exit(2) })).state, 'backoff');
  assert.equal(step('ready', 'exit', context({ restart: restart('on-failure'), exit: exit(null, 'SIGSEGV') })).state, 'backoff');
});

test('restart policy "always" restarts even a clean exit; a daemon with unknown status counts as failed', () => {
  assert.equal(step('ready', 'exit', context({ exit: exit(0) })).state, 'backoff');
  assert.equal(step('ready', 'exit', context({ restart: restart('on-failure'), exit: exit(null) })).state, 'backoff');
});

test('a oneshot that fails restarts per policy, or fails', () => {
  assert.equal(step('starting', 'exit', context({ type: 'oneshot', restart: restart('on-failure'), exit: exit(1) })).state, 'backoff');
  const failed = step('starting', 'exit', context({ type: 'oneshot', restart: restart('no'), exit: exit(1) }));
  assert.equal(failed.state, 'failed');
  assert.deepEqual(failed.actions, ['cancelProbe', 'markFailed', 'notifyDependents']);
});

test('consecutive restarts back off exponentially, then fail past maxRestarts', () => {
  const delays = [0, 1, 2, 3].map((consecutive) => step('ready', 'exit', context({ exit: exit(1), consecutive, restart: restart('always', 10) })).delay);
  assert.deepEqual(delays, [0, 1000, 2000, 4000]);
  const gaveUp = step('ready', 'exit', context({ exit: exit(7), consecutive: 3, restart: restart('always', 3) }));
  assert.equal(gaveUp.state, 'failed');
  assert.equal(gaveUp.consecutive, 4);
  assert.match(gaveUp.reason ?? '', /exit code 7 after 3 consecutive restarts/);
});

test('a run that lasted resetAfter seconds starts the count again: its restart is immediate', () => {
  const result = step('ready', 'exit', context({ exit: exit(1), consecutive: 3, uptime: 30, restart: restart('always', 3) }));
  assert.equal(result.state, 'backoff');
  assert.equal(result.consecutive, 1);
  assert.equal(result.delay, 0);
});

test('restartDelay: immediate first, initial × factor^(k-2) after, capped at max', () => {
  const backoff = { initial: 0.5, factor: 3, max: 4, resetAfter: 10 };
  assert.deepEqual([1, 2, 3, 4, 5].map((k) => restartDelay(k, backoff)), [0, 500, 1500, 4000, 4000]);
});
