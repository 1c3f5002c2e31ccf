import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ignoreMatcher } from './ignore.js';

test('a name pattern matches at any depth, a path pattern from the input root', () => {
  const ignored = ignoreMatcher(['node_modules', '*.log', '/dist', 'docs/*.tmp', 'cache/']);
  assert.ok(ignored('node_modules'));
  assert.ok(ignored('packages/x/node_modules'));
  assert.ok(ignored('logs/today.log'));
  assert.ok(ignored('dist'));
  assert.ok(!ignored('src/dist'), 'a leading slash anchors the pattern');
  assert.ok(ignored('docs/a.tmp'));
  assert.ok(!ignored('docs/sub/a.tmp'), '* does not cross a slash');
  assert.ok(ignored('cache'));
  assert.ok(!ignored('server.mjs'));
  assert.ok(!ignored('node_modules.txt'));
});

test('no patterns ignore nothing; ? is one character; regular-expression characters are literal', () => {
  assert.ok(!ignoreMatcher([])('.git'));
  const ignored = ignoreMatcher(['a?c', 'x+y.(1)']);
  assert.ok(ignored('abc'));
  assert.ok(!ignored('abbc'));
  assert.ok(ignored('x+y.(1)'));
  assert.ok(!ignored('xxy.(1)'));
});
