// The render conformance suite: every backend of the registry, pure and without a process
// manager. Models are built in memory (into a temp store where a script is run) and read
// back from the backend's files with a reader per format (render/readers/):
// hostile arguments and environment values come back exactly, or are refused with an
// InputError that a declared limitation id excuses; users and groups, dependencies,
// notify readiness and the refusable features are carried, or declared; a declared id the
// backend carries after all fails too. Two builds, here and in another process, give the
// same files and store paths, and one feature model per backend matches its golden files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BACKENDS } from '../../src/backends/registry.js';
import { computeBuild, writeBuild, type BuildResult } from '../../src/build/build.js';
import type { Backend, LimitationId } from '../../src/deploy/backend.js';
import type { ProcessesDefinition } from '../../src/model/define-processes.js';
import { InputError } from '../../src/errors.js';
import type { StoreEntry } from '../../src/store/entry.js';
import { goldenDirectory } from '../helpers/golden.js';
import { testParams } from '../helpers/params.js';
import { harness } from './render/harness.js';
import { ACCOUNT, accountModel, dependencyModel, hostileModel, REFUSABLE, SUITE_VALUES, valueId } from './render/models.js';
import { BACKEND_OPTIONS, featureBuild } from './render/builds.js';
import { READERS } from './render/readers/index.js';

const backends = [...BACKENDS.values()];
const golden = goldenDirectory(import.meta.url, backends.map((b) => b.name));

/** A build of `definition`, or the InputError that refused it. */
const tryBuild = (backend: Backend, definition: ProcessesDefinition, stateDir = '/srv/pf', userChange = true): BuildResult | InputError => {
  try {
    return computeBuild({
      definition, backend, sourceFile: '/nowhere/processes.ts',
      params: testParams(stateDir, { processManager: backend.name, forceDisableUserChange: !userChange, backendOptions: BACKEND_OPTIONS[backend.name] ?? {} }),
    });
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
};

const built = (result: BuildResult | InputError, what: string): BuildResult => {
  if (result instanceof InputError) assert.fail(`${what} is refused, and no limitation id excuses it: ${result.message}`);
  return result;
};

const only = (result: BuildResult): StoreEntry => {
  assert.equal(result.processEntries.size, 1);
  return [...result.processEntries.values()][0]!;
};

const declaredIds = (backend: Backend): Set<LimitationId> => new Set(backend.limitations.flatMap((l) => (l.id === undefined ? [] : [l.id])));

test('every backend has a reader', () => {
  assert.deepEqual(backends.map((b) => b.name).filter((name) => READERS[name] === undefined), []);
});

test('no backend declares a limitation id twice', () => {
  for (const backend of backends) {
    const ids = backend.limitations.flatMap((l) => (l.id === undefined ? [] : [l.id]));
    assert.deepEqual(ids, [...new Set(ids)], backend.name);
  }
});

for (const backend of backends) {
  const reader = READERS[backend.name]!;
  const declared = declaredIds(backend);

  test(`${backend.name}: hostile arguments and environment come back exactly, or are refused as declared`, { skip: reader.external !== undefined && !reader.external.available && process.env.CI !== 'true' ? `${reader.external?.what} is not installed` : false }, (t) => {
    const h = harness();
    t.after(h.dispose);
    const state = join(h.dir, 'state');
    let args = [...SUITE_VALUES];
    let environment = Object.fromEntries(SUITE_VALUES.map((value, index) => [`HOSTILE_${index}`, value]));
    const refused = new Set<LimitationId>();
    if (tryBuild(backend, hostileModel(h.program, args, environment), state) instanceof InputError) {
      // Which values are refused, one at a time: each needs the id of its kind.
      const refuse = (where: 'argument' | 'environment', value: string, result: BuildResult | InputError): boolean => {
        if (!(result instanceof InputError)) return false;
        const id = valueId(where, value);
        assert.ok(id !== null && declared.has(id), `${where} ${JSON.stringify(value.slice(0, 40))} is refused, and ${id === null ? 'a plain value must be carried' : `${id} is not declared`}: ${result.message}`);
        assert.match(result.message, /\S/);
        refused.add(id);
        return true;
      };
      args = args.filter((value) => !refuse('argument', value, tryBuild(backend, hostileModel(h.program, [value], {}), state)));
      environment = Object.fromEntries(Object.entries(environment).filter(([name, value]) => !refuse('environment', value, tryBuild(backend, hostileModel(h.program, [], { [name]: value }), state))));
    }
    const result = built(tryBuild(backend, hostileModel(h.program, args, environment), state), 'the values it carries one by one, together,');
    writeBuild(result);
    const launch = reader.launch(only(result), h);
    assert.deepEqual(launch.argv, [h.program, ...args]);
    for (const [name, value] of Object.entries(environment)) assert.equal(launch.env[name], value, name);
    const carried = [...declared].filter((id) => /^(argument|environment)-/.test(id) && !refused.has(id));
    assert.deepEqual(carried, [], 'declared limitation ids of values the backend carries');
  });

  test(`${backend.name}: the user and group are rendered, or declared`, () => {
    const result = tryBuild(backend, accountModel);
    if (result instanceof InputError) {
      assert.ok(declared.has('user-change'), `a user is refused, and user-change is not declared: ${result.message}`);
      return;
    }
    const account = reader.account(only(result));
    const carried = [ACCOUNT.user, String(ACCOUNT.uid)].includes(account.user ?? '') && (account.group === undefined || [ACCOUNT.group, String(ACCOUNT.gid)].includes(account.group ?? ''));
    assert.equal(carried, !declared.has('user-change'), `account read back: ${JSON.stringify(account)}; user-change ${declared.has('user-change') ? 'declared' : 'not declared'}`);
    // Without user change, none is rendered.
    assert.equal(reader.account(only(built(tryBuild(backend, accountModel, '/srv/pf', false), 'a user without user change'))).user, null);
  });

  test(`${backend.name}: a dependency is in the rendered files, or declared`, () => {
    const result = built(tryBuild(backend, dependencyModel), 'a dependency');
    const client = result.processEntries.get('client')!;
    const server = reader.dependencies(result.processEntries.get('server')!);
    assert.deepEqual(server, [], 'the server depends on nothing');
    const carried = reader.dependencies(client).includes('server');
    assert.equal(carried, !declared.has('dependencies'), `dependencies read back: ${JSON.stringify(reader.dependencies(client))}; dependencies ${declared.has('dependencies') ? 'declared' : 'not declared'}`);
  });

  for (const feature of REFUSABLE) {
    test(`${backend.name}: ${feature.what} is carried, or refused as declared`, () => {
      const result = tryBuild(backend, feature.model);
      if (result instanceof InputError) {
        assert.ok(declared.has(feature.id), `${feature.what} is refused, and ${feature.id} is not declared: ${result.message}`);
        return;
      }
      if (feature.id === 'readiness-notify') {
        assert.ok(reader.notify !== undefined, 'notify readiness renders, but the reader cannot tell whether the files carry it');
        assert.equal(reader.notify(only(result)), !declared.has(feature.id), `notify readiness rendered; readiness-notify ${declared.has(feature.id) ? 'declared' : 'not declared'}`);
      } else {
        assert.ok(!declared.has(feature.id), `${feature.id} is declared, but ${feature.what} renders`);
      }
    });
  }

  test(`${backend.name}: the feature model matches its golden files`, () => {
    golden.match(backend.name, featureBuild(backend).files);
  });
}

test('two builds, in this process and in another, give the same files and store paths', () => {
  const build = (backend: Backend) => {
    const { files, paths } = featureBuild(backend);
    return { files: Object.fromEntries(files), paths };
  };
  const here = Object.fromEntries(backends.map((b) => [b.name, build(b)]));
  for (const backend of backends) assert.deepEqual(build(backend), here[backend.name], `${backend.name}: a second build differs`);
  const script = fileURLToPath(new URL('./render/print-builds.ts', import.meta.url));
  const other = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', maxBuffer: 64 << 20 })) as typeof here;
  for (const backend of backends) assert.deepEqual(other[backend.name], here[backend.name], `${backend.name}: a build in another process differs`);
});
