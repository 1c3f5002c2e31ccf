import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expand, ExpansionError, keyValuePairs, nonPosixTokens } from './supervisord-values.js';

test('expansions as Python formats them', () => {
  assert.equal(expand('%(program_name)s_%(process_num)02d %% %(here)s', { program_name: 'web', process_num: 3, here: '/etc' }), 'web_03 % /etc');
  assert.throws(() => expand('%(nope)s', {}), ExpansionError);
});

test('environment pairs: quotes allow commas and spaces, and are stripped', () => {
  assert.deepEqual(keyValuePairs('A="1, 2",B=/usr/bin:/bin,C=\'x y\',D=-3.5'), [['A', '1, 2'], ['B', '/usr/bin:/bin'], ['C', 'x y'], ['D', '-3.5']]);
  assert.deepEqual(keyValuePairs('A=1,\nB=2'), [['A', '1'], ['B', '2']]);
  assert.deepEqual(keyValuePairs('A=a b'), [['A', 'a']]); // supervisord takes the fourth token for the comma
  assert.throws(() => keyValuePairs('A=1,B'), SyntaxError);
  assert.throws(() => keyValuePairs('A="open'), SyntaxError);
});

test('tokens as non-POSIX shlex makes them', () => {
  assert.deepEqual(nonPosixTokens('A=x@y'), ['A', '=', 'x', '@', 'y']);
  assert.deepEqual(nonPosixTokens('K=a"b"c # gone'), ['K', '=', 'a"b"c']);
});
