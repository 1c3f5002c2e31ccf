// What every service constructor relies on: writeFile checks run at build time on a private
// copy and fail the build at the call; providedBy names the package of a missing program;
// a bad constructor argument is a model problem at the user's call; `procform/services`
// resolves from a model file outside the project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeBuild } from '../../src/build/build.js';
import { agnostic } from '../../src/backends/agnostic/index.js';
import { defineProcesses } from '../../src/model/define-processes.js';
import { createManagedProcess } from '../../src/model/managed-process.js';
import { ModelError } from '../../src/model/errors.js';
import { checkFile } from '../../src/system/host.js';
import { application } from '../../src/services/index.js';
import { fakeHost, testParams } from '../helpers/params.js';
import { procform } from '../helpers/cli.js';

const here = import.meta.filename;
const build = (definition: ReturnType<typeof defineProcesses>, host = fakeHost()) =>
  computeBuild({ definition, params: testParams(), backend: agnostic, sourceFile: here, host });
const problems = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ModelError, String(error));
    return error.problems;
  }
  return assert.fail('expected a ModelError');
};

const withCheck = (text: string) => defineProcesses((params) => ({
  a: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: [params.writeFile({ name: 'conf', text, check: { command: ['/bin/sh', '-c', 'grep -q good "$1" || { echo "line 1: not good in $1" >&2; exit 1; }', 'sh', '{file}'] } })] }) },
}));

test('a writeFile check that fails is a problem at the writeFile call with the program output, and the copy path is hidden', () => {
  const host = { ...fakeHost({ executables: ['/bin/sleep'] }), checkFile };
  const [problem, ...rest] = problems(() => build(withCheck('bad'), host));
  assert.equal(rest.length, 0);
  assert.equal(problem!.code, 'file-check-failed');
  assert.match(problem!.message, /rejects conf: line 1: not good in conf/);
  assert.equal(problem!.location?.file, here);
  assert.doesNotThrow(() => build(withCheck('good'), host));
});

test('a writeFile check is skipped without host checks and when its program is missing', () => {
  assert.doesNotThrow(() => computeBuild({ definition: withCheck('bad'), params: testParams(), backend: agnostic, sourceFile: here }));
  assert.deepEqual(checkFile('x', 'bad', ['/nonexistent/checker', '{file}']), { status: 'unavailable' });
  assert.deepEqual(checkFile('x', 'bad', ['no-such-checker-anywhere', '{file}']), { status: 'unavailable' });
});

test('a check sees {dir} substituted in its text and arguments, and the directory is private and removed', () => {
  const result = checkFile('c', 'dir={dir}\n', ['/bin/sh', '-c', 'test "$(cat "$1")" = "dir=$2" && test -d "$2" && test -w "$2" && echo "$2" > "$2/seen"', 'sh', '{file}', '{dir}']);
  assert.deepEqual(result, { status: 'passed' });
});

test('providedBy turns a missing executable into an install hint', () => {
  const model = defineProcesses(() => ({ db: { pkg: createManagedProcess({ foregroundProcess: '/usr/lib/nothing/bin/postgres', providedBy: 'postgresql-15' }) } }));
  const [problem] = problems(() => build(model));
  assert.equal(problem!.code, 'missing-executable');
  assert.match(problem!.hint ?? '', /apt-get install postgresql-15/);
});

test('a bad constructor argument is a model problem at the line of the call', () => {
  const model = defineProcesses((params) => ({ api: { pkg: application(params, { name: 'api', command: '/bin/sleep', port: 0 }) } }));
  const [problem] = problems(() => build(model));
  assert.equal(problem!.code, 'invalid-service-argument');
  assert.match(problem!.message, /application: port 0 is not a port number/);
  assert.equal(problem!.location?.file, here);
});

test('a model outside the project imports procform/services, and writes nothing when it is invalid', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-services-'));
  const model = join(dir, 'processes.ts');
  writeFileSync(join(dir, 'app.mjs'), 'setInterval(() => {}, 1000);\n');
  writeFileSync(model, [
    "import { defineProcesses } from 'procform';",
    "import { application } from 'procform/services';",
    'export default defineProcesses((params) => ({',
    "  api: { pkg: application(params, { name: 'api', script: new URL('./app.mjs', import.meta.url), port: Number(params.extraParams.port) }) },",
    '}));',
    '',
  ].join('\n'));
  const good = procform(['build', '-f', model, '--state-dir', join(dir, 'state'), '--force-disable-user-change', '--extra-params', '{"port":3000}']);
  assert.equal(good.code, 0, good.stderr);
  const bad = procform(['build', '-f', model, '--state-dir', join(dir, 'bad'), '--force-disable-user-change', '--extra-params', '{"port":99999}']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, new RegExp(`${model.replaceAll('.', '\\.')}:4:`));
  assert.ok(!existsSync(join(dir, 'bad')), 'nothing was written');
});
