import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeBuild, writeBuild, type BuildInput } from './build.js';
import { compareBuilds } from './check.js';
import { realizeWithPostInstall } from './realize.js';
import { agnostic } from '../backends/agnostic/index.js';
import { createManagedProcess } from '../model/managed-process.js';
import { defineProcesses } from '../model/define-processes.js';
import { removeTree } from '../store/write.js';
import { NondeterminismError } from '../errors.js';
import { ModelError } from '../model/errors.js';
import { fakeHost, testParams } from '../../test/helpers/params.js';

const model = (webPort: number, dbArgs: string[] = []) => defineProcesses((params) => {
  const db = createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1000', ...dbArgs] });
  const conf = params.writeFile({ name: 'web.conf', text: `port=${webPort}\n` });
  return {
    db: { pkg: db },
    web: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1000', conf], dependencies: [db] }), port: webPort },
    cron: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['5'] }) },
  };
});

const input = (definition: BuildInput['definition'], stateDir = '/srv/pf'): BuildInput =>
  ({ definition, params: testParams(stateDir), backend: agnostic, sourceFile: '/nowhere/processes.ts' });

const pathOf = (result: ReturnType<typeof computeBuild>, instance: string) => result.processEntries.get(instance)!.path;

test('the same model builds to the same generation', () => {
  const a = computeBuild(input(model(80)));
  const b = computeBuild(input(model(80)));
  assert.equal(a.generation.path, b.generation.path);
  assert.doesNotThrow(() => compareBuilds(a, b));
});

test('a change reaches the changed process, its dependents and the generation, nothing else', () => {
  const before = computeBuild(input(model(80)));
  const after = computeBuild(input(model(80, ['--verbose'])));
  assert.notEqual(pathOf(before, 'db'), pathOf(after, 'db'));
  assert.notEqual(pathOf(before, 'web'), pathOf(after, 'web'), 'web depends on db, so its entry names the new db entry');
  assert.equal(pathOf(before, 'cron'), pathOf(after, 'cron'));
  assert.notEqual(before.generation.path, after.generation.path);
});

test('a changed generated file changes the process that uses it', () => {
  const before = computeBuild(input(model(80)));
  const after = computeBuild(input(model(81)));
  assert.notEqual(pathOf(before, 'web'), pathOf(after, 'web'));
  assert.equal(pathOf(before, 'db'), pathOf(after, 'db'));
});

test('compareBuilds names the first differing file', () => {
  const a = computeBuild(input(model(80)));
  const b = computeBuild(input(model(80, ['x'])));
  assert.throws(() => compareBuilds(a, b), (error: unknown) => error instanceof NondeterminismError && error.entry === 'db' && error.file === 'process.json');
});

test('writing a build puts every entry in the store; the generation links its processes', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-build-'));
  t.after(() => removeTree(dir));
  const result = computeBuild(input(model(80), dir));
  assert.equal(writeBuild(result), 5);
  assert.equal(writeBuild(result), 0);
  const document = JSON.parse(readFileSync(join(result.generation.path, 'generation.json'), 'utf8'));
  assert.deepEqual(document.processes.map((p: { instance: string }) => p.instance), ['cron', 'db', 'web']);
  assert.ok(existsSync(join(result.generation.path, 'processes/web/process.json')));
  const web = JSON.parse(readFileSync(join(pathOf(result, 'web'), 'process.json'), 'utf8'));
  assert.equal(web.dependencies[0].entry, pathOf(result, 'db'));
  assert.equal(readFileSync(web.foregroundProcessArgs[1], 'utf8'), 'port=80\n');
});

test('agnostic overrides are merged into the record; function overrides are named', () => {
  const result = computeBuild(input(defineProcesses(() => ({
    a: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', overrides: { agnostic: { description: 'patched' }, systemd: (r) => r } }) },
  }))));
  const json = JSON.parse((result.processEntries.get('a')!.files[0] as { content: string }).content);
  assert.equal(json.description, 'patched');
  assert.deepEqual(json.functionOverrides, ['systemd']);
});

test('postInstall runs in the entry with $out set to its final path', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-post-'));
  t.after(() => removeTree(dir));
  const result = computeBuild({
    ...input(defineProcesses(() => ({ a: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', postInstall: 'mkdir -p share && echo "$out" > share/where' }) } })), dir),
    realize: realizeWithPostInstall,
  });
  writeBuild(result);
  const entry = pathOf(result, 'a');
  assert.equal(readFileSync(join(entry, 'share/where'), 'utf8'), `${entry}\n`);
  const again = computeBuild({
    ...input(defineProcesses(() => ({ a: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', postInstall: 'mkdir -p share && echo "$out" > share/where' }) } })), dir),
    realize: realizeWithPostInstall,
  });
  assert.equal(pathOf(again, 'a'), entry, 'the private build directory does not leak into the hash');
  assert.throws(() => computeBuild({
    ...input(defineProcesses(() => ({ a: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', postInstall: 'exit 3' }) } })), dir),
    realize: realizeWithPostInstall,
  }), /postInstall of a failed \(exit 3\)/);
});

test('a writeFile script is a valid executable before the store holds it; one written without executable: true is refused', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-script-'));
  t.after(() => removeTree(dir));
  const script = (executable: boolean) => defineProcesses((params) => {
    const path = params.writeFile({ name: 'hello.sh', text: '#!/bin/sh\nexec sleep 1000\n', executable });
    return { hello: { pkg: createManagedProcess({ foregroundProcess: path, args: ['x'] }) } };
  });
  // The machine knows only /bin/sleep: the script exists nowhere but in this build.
  const result = computeBuild({ ...input(script(true), dir), host: fakeHost() });
  assert.equal(writeBuild(result), 3);
  assert.throws(() => computeBuild({ ...input(script(false), dir), host: fakeHost() }), (error: unknown) =>
    error instanceof ModelError && error.problems.length === 1 && error.problems[0]!.code === 'not-executable'
    && /hello\.sh is written by params\.writeFile without executable: true/.test(error.problems[0]!.message));
  assert.throws(() => computeBuild(input(script(false), dir)), ModelError, 'refused with host checks off too');
});
