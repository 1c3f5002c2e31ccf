import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeBuild, type BuildInput, type BuildResult } from './build.js';
import { INPUTS_FILE, type InputsDocument } from './inputs-file.js';
import { agnostic } from '../backends/agnostic/index.js';
import { createManagedProcess } from '../model/managed-process.js';
import { defineProcesses, type ProcessesDefinition } from '../model/define-processes.js';
import type { InputDeclaration } from '../model/inputs/declared.js';
import type { InputReader } from '../model/inputs/reader.js';
import { ModelError } from '../model/errors.js';
import { testParams } from '../../test/helpers/params.js';

const tempDir = (t: { after: (fn: () => void) => void }): string => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-inputs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

/** An app directory, a script outside system directories, and a model using them. */
const setup = (dir: string) => {
  mkdirSync(join(dir, 'app/lib'), { recursive: true });
  writeFileSync(join(dir, 'app/server.mjs'), 'import "./lib/x.mjs";\n');
  writeFileSync(join(dir, 'app/lib/x.mjs'), 'export {};\n');
  writeFileSync(join(dir, 'tool.sh'), '#!/bin/sh\nexec sleep 1000\n');
  chmodSync(join(dir, 'tool.sh'), 0o755);
  const model = (inputs: readonly InputDeclaration[] = ['./app']) => defineProcesses(() => {
    const api = createManagedProcess({ foregroundProcess: '/usr/bin/node', args: [join(dir, 'app/server.mjs')], inputs });
    return {
      api: { pkg: api },
      web: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1000'], dependencies: [api] }) },
      db: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1001'] }) },
      tool: { pkg: createManagedProcess({ foregroundProcess: join(dir, 'tool.sh') }) },
    };
  });
  const build = (definition: ProcessesDefinition = model(), more: Partial<BuildInput> = {}): BuildResult =>
    computeBuild({ definition, params: testParams(join(dir, 'state')), backend: agnostic, sourceFile: join(dir, 'processes.ts'), ...more });
  return { model, build };
};

const pathOf = (result: BuildResult, instance: string): string => result.processEntries.get(instance)!.path;
const inputsOf = (result: BuildResult, instance: string): InputsDocument | undefined => {
  const node = result.processEntries.get(instance)!.files.find((f) => f.path === INPUTS_FILE);
  return node?.kind === 'file' ? (JSON.parse(node.content) as InputsDocument) : undefined;
};

test('a declared directory and a script argument are tracked; a system program is not', (t) => {
  const dir = tempDir(t);
  const result = setup(dir).build();
  assert.deepEqual(inputsOf(result, 'api')!.inputs.map((i) => [i.path, i.source, i.kind, i.entries]), [
    [join(dir, 'app'), 'declared', 'directory', 3],
    [join(dir, 'app/server.mjs'), 'argument', 'file', 1],
  ]);
  assert.deepEqual(inputsOf(result, 'api')!.inputs[0]!.ignore, ['.git', '.hg', '.svn', 'node_modules']);
  assert.deepEqual(inputsOf(result, 'tool')!.inputs.map((i) => [i.path, i.source]), [[join(dir, 'tool.sh'), 'executable']]);
  assert.equal(inputsOf(result, 'db'), undefined, 'a process that runs /bin/sleep and declares nothing gets no inputs file');
});

test('a changed input changes its process and the dependents, nothing else; the same tree changes nothing', (t) => {
  const dir = tempDir(t);
  const { build } = setup(dir);
  const before = build();
  assert.equal(build().generation.path, before.generation.path);
  writeFileSync(join(dir, 'app/lib/x.mjs'), 'export const changed = true;\n');
  const after = build();
  assert.notEqual(pathOf(after, 'api'), pathOf(before, 'api'));
  assert.notEqual(pathOf(after, 'web'), pathOf(before, 'web'), 'web depends on api, and its agnostic record names api\'s entry');
  assert.equal(pathOf(after, 'db'), pathOf(before, 'db'));
  assert.equal(pathOf(after, 'tool'), pathOf(before, 'tool'));
  writeFileSync(join(dir, 'tool.sh'), '#!/bin/sh\nexec sleep 2000\n');
  const edited = build();
  assert.notEqual(pathOf(edited, 'tool'), pathOf(after, 'tool'), 'an edited executable restarts what runs it');
  assert.equal(pathOf(edited, 'api'), pathOf(after, 'api'));
  mkdirSync(join(dir, 'app/node_modules/dep'), { recursive: true });
  writeFileSync(join(dir, 'app/node_modules/dep/index.js'), '');
  assert.equal(pathOf(build(), 'api'), pathOf(edited, 'api'), 'node_modules is ignored by default');
});

test('entries of processes that track nothing are what they were before inputs existed', (t) => {
  const dir = tempDir(t);
  const { build } = setup(dir);
  const nothing: InputReader = { kind: () => 'missing', digest: () => assert.fail('nothing to digest') };
  const withReader = build();
  const blind = build(setup(dir).model([]), { reader: nothing });
  assert.equal(pathOf(withReader, 'db'), pathOf(blind, 'db'));
  assert.ok(!withReader.processEntries.get('db')!.files.some((f) => f.path === INPUTS_FILE));
});

test('a missing input is a validation problem blamed on the createManagedProcess call', (t) => {
  const dir = tempDir(t);
  const here = new URL(import.meta.url).pathname;
  const line = Number(new Error().stack!.split('\n')[1]!.match(/:(\d+):\d+\)?$/)![1]) + 1;
  const definition = defineProcesses(() => ({ a: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', inputs: ['./nope', { path: new URL('file:///nowhere/at/all'), ignore: [] }] }) } }));
  try {
    setup(dir).build(definition);
    assert.fail('expected a ModelError');
  } catch (error) {
    assert.ok(error instanceof ModelError, String(error));
    assert.deepEqual(error.problems.map((p) => [p.code, p.field, p.message]), [
      ['missing-input', 'inputs[0]', `input ${join(dir, 'nope')} does not exist`],
      ['missing-input', 'inputs[1]', 'input /nowhere/at/all does not exist'],
    ]);
    assert.equal(error.problems[0]!.location?.file, here);
    assert.equal(error.problems[0]!.location?.line, line);
  }
});
