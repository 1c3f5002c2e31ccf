import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { analyzeModel } from './analyze.js';
import { createManagedProcess } from './managed-process.js';
import { ModelError } from './errors.js';
import type { Problem } from './problem.js';
import { fakeHost, testParams } from '../../test/helpers/params.js';

const here = fileURLToPath(import.meta.url);
const options = { params: testParams(), sourceFile: here, host: fakeHost() };
const sleep = (extra: object = {}) => createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1000'], ...extra });

const problemsOf = (instances: unknown, opts = options): Problem[] => {
  try {
    analyzeModel(instances, opts);
  } catch (error) {
    assert.ok(error instanceof ModelError);
    return [...error.problems];
  }
  assert.fail('expected a ModelError');
};

const codes = (problems: Problem[]) => problems.map((p) => `${p.instance}:${p.code}`).sort();

test('a valid model comes back normalized in dependency order', () => {
  const db = sleep();
  const model = analyzeModel({ web: { pkg: sleep({ dependencies: [db, 'cache'] }), port: 80 }, db: { pkg: db }, cache: { pkg: sleep() } }, options);
  assert.deepEqual(model.processes.map((p) => p.instance), ['cache', 'db', 'web']);
  assert.deepEqual(model.processes[2]!.dependencies, ['db', 'cache']);
  assert.deepEqual(model.metadata.web, { port: 80 });
});

test('every problem is reported at once', () => {
  const problems = problemsOf({
    a: { pkg: sleep({ dependencies: ['nope'] }), port: 1 },
    b: { pkg: sleep({ dependencies: ['c'] }), port: 1 },
    c: { pkg: sleep({ dependencies: ['b'] }) },
  });
  assert.deepEqual(codes(problems), ['a:unknown-dependency', 'b:dependency-cycle', 'b:port-conflict']);
  assert.match(problems.find((p) => p.code === 'dependency-cycle')!.message, /b → c → b/);
});

test('problems blame the createManagedProcess call in the user file', () => {
  const line = Number(new Error().stack!.split('\n')[1]!.match(/:(\d+):\d+\)?$/)![1]) + 1;
  const problems = problemsOf({ a: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', dependencies: ['ghost'] }) } });
  assert.equal(problems[0]!.location?.file, here);
  assert.equal(problems[0]!.location?.line, line);
});

test('a dependency that is not part of the model is unknown', () => {
  const stray = sleep({ name: 'stray' });
  assert.deepEqual(codes(problemsOf({ a: { pkg: sleep({ dependencies: [stray] }) } })), ['a:unknown-dependency']);
});

test('duplicate process names and a shared pkg are problems', () => {
  const shared = sleep();
  assert.deepEqual(codes(problemsOf({ a: { pkg: sleep({ name: 'x' }) }, b: { pkg: sleep({ name: 'x' }) } })), ['b:duplicate-name']);
  assert.deepEqual(codes(problemsOf({ a: { pkg: shared }, b: { pkg: shared } })), ['b:shared-process']);
});

test('wrong types and misspelt fields are reported with a suggestion', () => {
  const problems = problemsOf({ a: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', nice: '5', enviroment: {} } as never) } });
  assert.deepEqual(problems.map((p) => p.field).sort(), ['enviroment', 'nice']);
  assert.equal(problems.find((p) => p.field === 'enviroment')!.hint, 'did you mean "environment"?');
});

test('invalid environment names, signals, paths and NUL bytes are rejected', () => {
  const problems = problemsOf({
    a: { pkg: sleep({ environment: { 'BAD-NAME': 'x', '1X': 'y' } }) },
    b: { pkg: sleep({ stopSignal: 'SIGNOPE' }) },
    c: { pkg: sleep({ args: ['a\0b'], directory: 'relative' }) },
    d: { pkg: createManagedProcess({ foregroundProcess: './bin/x' }) },
  });
  assert.deepEqual(codes(problems), ['a:invalid-env-name', 'a:invalid-env-name', 'b:invalid-value', 'c:invalid-value', 'c:invalid-value', 'd:relative-executable']);
});

test('users must be declared or exist, unless user change is disabled', () => {
  const model = { a: { pkg: sleep({ user: 'ghost' }) }, b: { pkg: sleep({ user: 'declared', credentials: { users: { declared: { group: 'nogroup' } } } }) }, c: { pkg: sleep({ user: 'root' }) } };
  assert.deepEqual(codes(problemsOf(model)), ['a:unknown-user', 'b:unknown-group']);
  assert.doesNotThrow(() => analyzeModel(model, { ...options, params: testParams('/srv/pf', { forceDisableUserChange: true }) }));
});

test('executables must exist: absolute paths directly, bare names on PATH', () => {
  const model = { a: { pkg: createManagedProcess({ foregroundProcess: '/nope/x' }) }, b: { pkg: createManagedProcess({ foregroundProcess: 'sleep', path: ['/bin'] }) }, c: { pkg: createManagedProcess({ foregroundProcess: 'nothere' }) } };
  assert.deepEqual(codes(problemsOf(model)), ['a:missing-executable', 'c:missing-executable']);
  assert.doesNotThrow(() => analyzeModel(model, { ...options, host: undefined }));
});

test('a process with nothing to run, conflicting credentials and pid files', () => {
  const problems = problemsOf({
    a: { pkg: createManagedProcess({ description: 'empty' }) },
    b: { pkg: sleep({ credentials: { users: { u: { uid: 1 } } } }) },
    c: { pkg: sleep({ credentials: { users: { u: { uid: 2 } } } }) },
    d: { pkg: createManagedProcess({ daemon: '/bin/sleep', pidFile: '/run/same.pid' }) },
    e: { pkg: createManagedProcess({ daemon: '/bin/sleep', pidFile: '/run/same.pid' }) },
  });
  assert.deepEqual(codes(problems), ['a:no-executable', 'c:credentials-conflict', 'e:pid-file-conflict']);
});

test('instances that are not managed processes, and a non-object model', () => {
  assert.deepEqual(codes(problemsOf({ a: { pkg: { foregroundProcess: '/bin/sleep' } }, 'bad name': { pkg: sleep() } })), ['a:invalid-instance', 'bad name:invalid-instance-name']);
  assert.equal(problemsOf([1, 2])[0]!.code, 'invalid-model');
});

test('inputs must be paths or file: URLs', () => {
  const problems = problemsOf({
    a: { pkg: sleep({ inputs: [new URL('https://example.com/app')] }) },
    b: { pkg: sleep({ inputs: [''] }) },
    c: { pkg: sleep({ inputs: [{ path: 'file://host/share' }] }) },
    d: { pkg: sleep({ inputs: [{ path: './ok', ignore: [''] }] }) },
  });
  assert.deepEqual(problems.map((p) => `${p.instance}:${p.code}:${p.field}`), ['a:invalid-value:inputs[0]', 'b:invalid-value:inputs[0]', 'c:invalid-value:inputs[0].path', 'd:invalid-value:inputs[0].ignore[0]']);
});

test('a Promise, a Map, null, an array or a class instance is not a model, and an empty model needs the intent to undeploy', () => {
  const cases: [unknown, string, RegExp][] = [
    [Promise.resolve({ a: { pkg: sleep() } }), 'async-model', /returned a Promise/],
    [new Map([['a', { pkg: sleep() }]]), 'invalid-model', /returned a Map/],
    [null, 'invalid-model', /returned null/],
    [[{ pkg: sleep() }], 'invalid-model', /returned an array/],
    [new (class Model { a = { pkg: sleep() }; })(), 'invalid-model', /returned a Model object/],
    [{}, 'empty-model', /no instances/],
  ];
  for (const [value, code, message] of cases) {
    const [problem, ...rest] = problemsOf(value);
    assert.equal(rest.length, 0);
    assert.equal(problem!.code, code, String(value));
    assert.match(problem!.message, message);
    assert.equal(problem!.location?.file, here);
  }
  assert.match(problemsOf(new Map())[0]!.hint ?? '', /Object\.fromEntries/);
  assert.match(problemsOf({})[0]!.hint ?? '', /--undeploy/);
  assert.deepEqual(analyzeModel({}, { ...options, allowEmpty: true }).processes, []);
  assert.equal(analyzeModel(Object.assign(Object.create(null), { a: { pkg: sleep() } }), options).processes.length, 1);
});
