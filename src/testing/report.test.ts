// The matrix as text and as JUnit XML: columns in the order the steps ran, a row per cell,
// failures with their line and the processes' output; XML that parses back with every
// message intact, hostile characters included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOMParser } from '@xmldom/xmldom';
import { junitXml } from './junit.js';
import { reportText } from './report-text.js';
import { runPassed, type TestRun } from './results.js';

const HOSTILE = 'a <b> & "c" \'d\' \u0001 \n e ]]> ✓';

const run: TestRun = {
  model: '/m/processes.ts', tests: '/m/tests.ts', ms: 4200,
  cells: [
    { backend: 'embedded', profile: 'privileged', notRunnable: null, ms: 2000, steps: [
      { step: 'deploy', status: 'passed', ms: 1500 }, { step: 'test web', status: 'passed', ms: 20 },
      { step: 'undeploy', status: 'passed', ms: 30 }, { step: 'leftovers', status: 'passed', ms: 5 },
    ] },
    { backend: 'supervisord', profile: 'unprivileged', notRunnable: null, ms: 2200, steps: [
      { step: 'deploy', status: 'failed', ms: 2100, failure: { message: `web did not come up ${HOSTILE}`, at: '/m/tests.ts:7:3', instances: [{ instance: 'web', status: 'failed: exited 1', lines: ['boom', HOSTILE] }] } },
      { step: 'test web', status: 'skipped', ms: 0 }, { step: 'undeploy', status: 'skipped', ms: 0 }, { step: 'leftovers', status: 'passed', ms: 3 },
    ] },
    { backend: 'launchd', profile: 'privileged', notRunnable: 'launchd runs on macOS only', steps: [], ms: 0 },
  ],
};

test('the matrix has a row per cell, a column per step, and each failure with its line and output', () => {
  const text = reportText(run);
  const lines = text.split('\n');
  assert.match(lines[0]!, /^backend\s+profile\s+deploy\s+test web\s+undeploy\s+leftovers$/);
  assert.match(lines[1]!, /^embedded\s+privileged\s+ok 1\.5 s\s+ok 20 ms\s+ok 30 ms\s+ok 5 ms$/);
  assert.match(lines[2]!, /^supervisord\s+unprivileged\s+FAIL 2\.1 s\s+-\s+-\s+ok 3 ms$/);
  assert.match(lines[3]!, /^launchd\s+privileged\s+not runnable here: launchd runs on macOS only$/);
  assert.ok(text.includes('supervisord unprivileged, deploy:\nweb did not come up'), text);
  assert.ok(text.includes('  at /m/tests.ts:7:3\n  web (failed: exited 1), last lines:\n    | boom\n'), text);
  assert.match(text, /3 cells: 1 passed, 1 failed, 1 not runnable here \(4\.2 s\)\n$/);
  assert.equal(runPassed(run), false);
  assert.equal(runPassed({ ...run, cells: [run.cells[0]!, run.cells[2]!] }), true);
  assert.equal(runPassed({ ...run, cells: [run.cells[2]!] }), false, 'nothing ran: nothing passed');
});

test('JUnit XML parses back: a suite per cell, a case per step, failures and skips counted, messages intact', () => {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => { errors.push(`${level}: ${message}`); } }).parseFromString(junitXml(run), 'text/xml');
  assert.deepEqual(errors, []);
  const root = doc.documentElement!;
  assert.equal(root.tagName, 'testsuites');
  assert.equal(root.getAttribute('failures'), '1');
  assert.equal(root.getAttribute('skipped'), '3');
  const suites = Array.from(root.getElementsByTagName('testsuite'));
  assert.deepEqual(suites.map((s) => s.getAttribute('name')), ['embedded (privileged)', 'supervisord (unprivileged)', 'launchd (privileged)']);
  const failure = suites[1]!.getElementsByTagName('failure')[0]!;
  // XML 1.0 cannot carry U+0001 at all: it is shown escaped; everything else comes back as it was.
  const shown = HOSTILE.replace('\u0001', '\\u0001');
  assert.equal(failure.getAttribute('message'), `web did not come up ${shown.split('\n')[0]}`);
  assert.ok(failure.textContent!.includes(`    | ${shown.split('\n')[0]}`), failure.textContent!);
  assert.equal(suites[2]!.getElementsByTagName('skipped')[0]!.getAttribute('message'), 'launchd runs on macOS only');
  assert.equal(suites[0]!.getElementsByTagName('testcase').length, 4);
});
