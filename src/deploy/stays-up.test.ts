import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staysUp, type Sighting } from './stays-up.js';

/** Runs staysUp over a fixed series of sightings on a clock that moves 100 ms per look. */
const judge = (sightings: readonly Sighting[], settleMs = 1000, startTimeoutMs = 30_000) => {
  let clock = 0;
  let at = 0;
  const looks: number[] = [];
  return staysUp(async () => {
    looks.push(clock);
    const seen = sightings[Math.min(at, sightings.length - 1)]!;
    at += 1;
    return seen;
  }, { settleMs, startTimeoutMs, intervalMs: 100, now: () => clock, pause: async (ms) => { clock += ms; } }).then((reason) => ({ reason, looks: looks.length }));
};

const up = (pid: number): Sighting => ({ state: 'up', pid });

test('a process seen up as one process for the settle period has started', async () => {
  const { reason, looks } = await judge([{ state: 'starting' }, up(7)]);
  assert.equal(reason, null);
  assert.equal(looks, 12, 'one look while starting, then 1 s of looks at 100 ms');
});

test('a process that exits right after it started has not started', async () => {
  const { reason } = await judge([up(7), up(7), { state: 'exited', reason: 'exited with code 1', note: 'it will not be restarted' }]);
  assert.equal(reason, 'exited with code 1 right after it started; it will not be restarted');
});

test('a process that exits before it is ever seen up has not started', async () => {
  const { reason } = await judge([{ state: 'exited', reason: 'exited with code 111' }]);
  assert.equal(reason, 'exited with code 111 as soon as it was started');
});

test('a process restarted under a new pid, or waiting to run again, has not started', async () => {
  assert.equal((await judge([up(7), up(8)])).reason, 'exited right after it started and was restarted (pid 7, then 8)');
  assert.equal((await judge([up(7), { state: 'starting' }])).reason, 'exited right after it started and is being restarted');
});

test('a process that finished successfully under a policy that does not restart it has started', async () => {
  assert.equal((await judge([up(7), { state: 'finished' }])).reason, null);
});

test('a process the manager never runs has not started', async () => {
  assert.equal((await judge([{ state: 'starting' }], 1000, 2000)).reason, 'not running within 2 s of its start');
});
