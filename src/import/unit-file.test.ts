import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUnitFile, UnitSyntaxError, unitWords, value, values } from './unit-file.js';

test('sections, blanks around =, comments, continuation lines', () => {
  const entries = parseUnitFile('# c\n[Unit]\nDescription = A web app\n; c\n[Service]\nExecStart=/bin/echo a \\\n# inside\n  b\nEnvironment=A=1\nEnvironment=\nEnvironment=B=2\nEnvironment=C=3\n');
  assert.equal(value(entries, 'Unit', 'Description'), 'A web app');
  assert.deepEqual(unitWords(value(entries, 'Service', 'ExecStart')!).map((w) => w.text), ['/bin/echo', 'a', 'b']);
  assert.deepEqual(values(entries, 'Service', 'Environment'), ['B=2', 'C=3']);
  assert.equal(entries[1]!.line, 6);
});

test('syntax errors name their line', () => {
  assert.throws(() => parseUnitFile('[Service]\nnonsense\n'), (e: unknown) => e instanceof UnitSyntaxError && e.line === 2);
  assert.throws(() => parseUnitFile('A=1\n'), UnitSyntaxError);
});

test('words: quotes, C escapes, quoted marker', () => {
  assert.deepEqual(unitWords(`/bin/x "a b" 'c "d"' e\\sf \\x41\\101 "\\n" $V "$V"`).map((w) => w.text), ['/bin/x', 'a b', 'c "d"', 'e f', 'AA', '\n', '$V', '$V']);
  assert.deepEqual(unitWords('"A=1 2" B=3').map((w) => [w.text, w.quoted]), [['A=1 2', true], ['B=3', false]]);
  assert.throws(() => unitWords('"open'), SyntaxError);
});
