// A tests file is checked against the model before anything is deployed: every instance
// name it uses must be the model's, with the file and line of one that is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelError } from '../model/errors.js';
import { checkTests, loadTests } from './load-tests.js';
import { locationIn } from './failure.js';

test('names the model does not have, and checks that are not functions, are problems with their lines', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'procform-tests-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'tests.ts');
  writeFileSync(file, [
    "import { defineTests } from 'procform';",
    'export default defineTests({',
    '  readiness: { web: () => {} },',
    '  tests: {',
    '    web: () => {},',
    "    'we b': () => {},",
    '    db: 42,',
    '  },',
    '  testTimeout: -1,',
    '} as never);',
    '',
  ].join('\n'));
  const tests = await loadTests(file);
  assert.doesNotThrow(() => checkTests({ ...tests, spec: { tests: { web: () => {} } } }, ['web']));
  try {
    checkTests(tests, ['web', 'db']);
    assert.fail('expected a ModelError');
  } catch (error) {
    assert.ok(error instanceof ModelError, String(error));
    assert.deepEqual(error.problems.map((p) => [p.code, p.field, p.location?.line]), [
      ['unknown-test-instance', 'tests.we b', 6],
      ['test-not-a-function', 'tests.db', 7],
      ['invalid-timeout', 'testTimeout', 9],
    ]);
  }
  await assert.rejects(loadTests(join(dir, 'missing.ts')), /does not exist/);
  writeFileSync(join(dir, 'plain.ts'), 'export default { tests: {} };\n');
  await assert.rejects(loadTests(join(dir, 'plain.ts')), /must have a default export made by defineTests/);
});

test('a failing assertion is located at its line in the tests file', () => {
  const error = new Error('x');
  error.stack = 'Error: x\n    at check (file:///m/tests.ts:12:7)\n    at runStep (/p/dist/testing/steps.js:30:11)';
  assert.equal(locationIn(error, '/m/tests.ts'), '/m/tests.ts:12:7');
  assert.equal(locationIn(error, '/other.ts'), null);
  assert.equal(locationIn('not an error', '/m/tests.ts'), null);
});
