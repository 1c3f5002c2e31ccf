// The quoting helpers of the services' configuration formats, with hostile values: each
// writes exactly one argument standing for the value, or names why it cannot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nginxValueProblem, quoteNginx } from '../../src/services/nginx/quote.js';
import { apacheValueProblem, quoteApache } from '../../src/services/apache/quote.js';
import { quoteRedis } from '../../src/services/redis/quote.js';

const HOSTILE = 'a "b" \'c\' \\d; {e} #f $g\th';

test('nginx: a double-quoted token with \\ " and control characters escaped', () => {
  assert.equal(quoteNginx(HOSTILE), '"a \\"b\\" \'c\' \\\\d; {e} #f $g\\th"');
  assert.equal(quoteNginx('line\nbreak\r'), '"line\\nbreak\\r"');
  assert.equal(quoteNginx(''), '""');
  assert.equal(quoteNginx('trailing\\'), '"trailing\\\\"');
  assert.throws(() => quoteNginx('nul\0'), RangeError);
  assert.equal(nginxValueProblem('$document_root', true), 'contains "$", which nginx reads as a variable here');
  assert.equal(nginxValueProblem('$document_root', false), undefined, 'harmless where nginx expands nothing');
  assert.equal(nginxValueProblem(HOSTILE.replace('$', ''), true), undefined);
});

test('Apache: a double-quoted argument with \\ and " escaped; ${ and line breaks refused', () => {
  assert.equal(quoteApache(HOSTILE), '"a \\"b\\" \'c\' \\\\d; {e} #f $g\th"');
  assert.equal(quoteApache('<Directory>'), '"<Directory>"');
  assert.equal(quoteApache('trailing\\'), '"trailing\\\\"');
  for (const bad of ['a\nb', 'a\rb', 'a\0b', '${HOME}']) {
    assert.notEqual(apacheValueProblem(bad), undefined, JSON.stringify(bad));
    assert.throws(() => quoteApache(bad), RangeError);
  }
  assert.equal(apacheValueProblem('$HOME {x}'), undefined, 'only ${ is a variable to Apache');
});

test('redis.conf: every value can be written, control characters as \\xHH', () => {
  assert.equal(quoteRedis(HOSTILE), '"a \\"b\\" \'c\' \\\\d; {e} #f $g\\th"');
  assert.equal(quoteRedis('a\nb\r\0\x1b\x7f'), '"a\\nb\\r\\x00\\x1b\\x7f"');
  assert.equal(quoteRedis(''), '""');
  assert.equal(quoteRedis('é'), '"é"');
});
