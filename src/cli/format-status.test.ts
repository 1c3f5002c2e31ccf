import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeployedProcessStatus } from '../deploy/observation.js';
import type { ProcessStatus } from '../backends/embedded/control.js';
import { formatDeploymentStatus } from './format-status.js';

const plain = (_color: string, text: string): string => text;
const now = 1_000_000_000;

test('the embedded supervisor\'s table: everything known, its faults after it', () => {
  const p = (over: Partial<ProcessStatus>): ProcessStatus => ({
    instance: 'db', name: 'db', state: 'ready', pid: 10, since: now - 65_000, restarts: 0, ready: true, lastExit: null, entry: '/s/x-db', reason: null, lastLines: [], ...over,
  });
  const text = formatDeploymentStatus({ backend: 'embedded', number: null, generation: '/s/g', pid: 7, unknown: [], processes: [
    p({}),
    p({ instance: 'app', state: 'failed', pid: null, since: null, restarts: 3, ready: false, lastExit: { code: 2, signal: null, at: now }, reason: 'gave up', lastLines: ['boom'] }),
  ], faults: [{ message: 'cannot write the state file', since: now - 5_000 }] }, plain, now);
  assert.equal(text, [
    'embedded pid 7, generation /s/g',
    'NAME  STATE   PID  UPTIME  RESTARTS  READY  LAST EXIT',
    'db    ready   10   1m5s    0         yes    -',
    'app   failed  -    -       3         no     code 2',
    '',
    'app failed: gave up; last output:',
    '  boom',
    '',
    'warning: cannot write the state file (failing for 5s)',
    '',
  ].join('\n'));
});

test('a deployment\'s table: — for what the manager cannot tell, - for what is not there', () => {
  const p = (over: Partial<DeployedProcessStatus>): DeployedProcessStatus => ({
    instance: 'db', name: 'db', state: 'running', pid: 10, since: now - 5_000, restarts: null, ready: null, lastExit: null, entry: '/s/x-db', reason: null, lastLines: [], ...over,
  });
  const text = formatDeploymentStatus({ backend: 'runit', number: 3, generation: '/s/g', pid: 9, unknown: ['lastExit'], processes: [
    p({}),
    p({ instance: 'app', state: 'down', pid: null, since: null, restarts: 1, ready: false }),
    p({ instance: 'web', state: 'ready', pid: null, since: null, restarts: 0, ready: true }),
  ] }, plain, now);
  assert.equal(text, [
    'runit pid 9, generation 3 (/s/g)',
    'NAME  STATE    PID  UPTIME  RESTARTS  READY  LAST EXIT',
    'db    running  10   5s      —         —      —',
    'app   down     -    -       1         no     —',
    'web   ready    —    —       0         yes    —',
    '— runit cannot tell',
    '',
  ].join('\n'));
  const daemonless = formatDeploymentStatus({ backend: 'sysvinit', number: 1, generation: '/s/g', pid: null, unknown: [], processes: [p({ restarts: 0, ready: true, state: 'ready' })] }, plain, now);
  assert.match(daemonless, /^sysvinit, generation 1 \(\/s\/g\)\n/);
  assert.doesNotMatch(daemonless, /cannot tell/, 'no note when nothing is unknown');
});
