import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEnvFiles } from './env-files.js';

const files: Record<string, string> = {
  '/m/.env': 'A=1\nB="two words"\n# comment\nexport C=3\n',
  '/m/later.env': 'A=override\n',
  '/m/bad.env': '1BAD=x\nGOOD=y\n',
};
const read = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw new Error('ENOENT: no such file');
  return text;
};

test('relative paths from the model directory; a later file wins', () => {
  const result = readEnvFiles('web', ['.env', './later.env'], '/m', read, {});
  assert.deepEqual(result.environment, { A: 'override', B: 'two words', C: '3' });
  assert.deepEqual(result.problems, []);
});

test('a missing file and an invalid name are problems naming the entry', () => {
  const result = readEnvFiles('web', ['missing.env', 'bad.env'], '/m', read, {});
  assert.deepEqual(result.environment, { GOOD: 'y' });
  assert.deepEqual(result.problems.map((p) => [p.code, p.field]), [['unreadable-env-file', 'envFiles[0]'], ['invalid-env-name', 'envFiles[1]']]);
  assert.match(result.problems[0]!.message, /\/m\/missing\.env/);
});

test('without a reader every file is a problem', () => {
  assert.equal(readEnvFiles('web', ['.env'], '/m', undefined, {}).problems.length, 1);
});
