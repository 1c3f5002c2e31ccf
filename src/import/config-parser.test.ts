import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IniSyntaxError, parseIni } from './config-parser.js';

test('sections, both delimiters, lowercased keys, full-line and inline comments', () => {
  const ini = parseIni('; top\n[program:web]\nCommand = /bin/echo a;b # not a comment#either\n# comment\nuser: www ; inline\nurl=http://x/#frag\n');
  assert.deepEqual([...ini.get('program:web')!], [['command', '/bin/echo a;b'], ['user', 'www'], ['url', 'http://x/#frag']]);
});

test('indented lines continue a value, blank lines inside it are kept', () => {
  const ini = parseIni('[x]\nenvironment=A="1",\n    B="2",\n\n    C="3"\n\nnext=1\n');
  assert.equal(ini.get('x')!.get('environment'), 'A="1",\nB="2",\n\nC="3"');
  assert.equal(ini.get('x')!.get('next'), '1');
});

test('repeated sections and keys merge, the later winning', () => {
  const ini = parseIni('[a]\nk=1\nj=2\n[a]\nk=3\n');
  assert.deepEqual([...ini.get('a')!], [['k', '3'], ['j', '2']]);
});

test('a value may be empty; a line without a delimiter is an error with its number', () => {
  assert.equal(parseIni('[a]\nk=\n').get('a')!.get('k'), '');
  assert.throws(() => parseIni('[a]\nk=1\nnonsense\n'), (e: unknown) => e instanceof IniSyntaxError && e.line === 3);
  assert.throws(() => parseIni('k=1\n'), IniSyntaxError);
});
