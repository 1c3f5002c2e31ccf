import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goDuration, systemdTimeSpan } from './durations.js';
import { interpolate } from './interpolate.js';

test('Go durations', () => {
  assert.equal(goDuration('1m30s'), 90);
  assert.equal(goDuration('500ms'), 0.5);
  assert.equal(goDuration(7), 7);
  assert.equal(goDuration('10 s'), undefined);
});

test('systemd time spans', () => {
  assert.equal(systemdTimeSpan('90'), 90);
  assert.equal(systemdTimeSpan('1min 30s'), 90);
  assert.equal(systemdTimeSpan('2h'), 7200);
  assert.equal(systemdTimeSpan('500ms'), 0.5);
  assert.equal(systemdTimeSpan('infinity'), Number.POSITIVE_INFINITY);
  assert.equal(systemdTimeSpan('5 parsecs'), undefined);
});

test('interpolation as compose does it', () => {
  const used = new Set<string>();
  const env: Record<string, string> = { A: 'a', EMPTY: '' };
  const lookup = (n: string): string | undefined => env[n];
  assert.equal(interpolate('$A ${A} ${B:-b} ${EMPTY:-e} ${EMPTY-e} $$A', lookup, used), 'a a b e  $A');
  assert.deepEqual([...used].sort(), ['A', 'B', 'EMPTY']);
  assert.throws(() => interpolate('${B:?needed}', lookup, used), /needed/);
});
