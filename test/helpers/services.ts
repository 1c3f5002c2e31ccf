// Building service constructors in tests: whole models through computeBuild, or one
// constructor call with parameters that record what it writes.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { computeBuild, type BuildResult } from '../../src/build/build.js';
import { agnostic } from '../../src/backends/agnostic/index.js';
import type { ProcessesDefinition } from '../../src/model/define-processes.js';
import type { BaseParams } from '../../src/model/evaluate.js';
import type { Host } from '../../src/model/host.js';
import type { ProcessParams, WriteFileInput } from '../../src/model/params.js';
import type { ProcessSpec } from '../../src/model/process-spec.js';
import type { Problem } from '../../src/model/problem.js';
import { ModelError } from '../../src/model/errors.js';
import { fakeHost, testParams } from './params.js';

/** Builds `definition` for the agnostic backend, as if it were defined in `sourceFile`. */
export const buildModel = (definition: ProcessesDefinition, sourceFile: string, options: { host?: Host; params?: BaseParams } = {}): BuildResult =>
  computeBuild({ definition, params: options.params ?? testParams(), backend: agnostic, sourceFile, ...(options.host ? { host: options.host } : {}) });

/** The problems of a build that must fail. */
export const buildProblems = (build: () => unknown): readonly Problem[] => {
  try {
    build();
  } catch (error) {
    assert.ok(error instanceof ModelError, String(error));
    return error.problems;
  }
  return assert.fail('expected a ModelError');
};

/** The normalized process of an instance. */
export const specOf = (result: BuildResult, instance: string): ProcessSpec => {
  const spec = result.model.processes.find((p) => p.instance === instance);
  assert.ok(spec, `no process ${instance}`);
  return spec;
};

/** The text of a file of the build, by its absolute store path. */
export const storeText = (result: BuildResult, path: string): string => {
  for (const entry of result.entries) {
    for (const node of entry.files) {
      if (node.kind === 'file' && `${entry.path}/${node.path}` === path) return node.content;
    }
  }
  return assert.fail(`no file ${path} in the build`);
};

/** A machine with `programs` installed, that runs file checks with `checkFile` when given. */
export const hostWith = (programs: readonly string[], checkFile?: Host['checkFile']): Host => ({
  ...fakeHost({ executables: [...programs] }),
  ...(checkFile ? { checkFile } : {}),
});

/** Parameters for calling one constructor directly: what it writes is kept in `files`. */
export const recordingParams = (overrides: Partial<ProcessParams> = {}): ProcessParams & { files: WriteFileInput[] } => {
  const files: WriteFileInput[] = [];
  return {
    ...testParams(),
    backendOptions: {},
    serviceHost: () => 'localhost',
    placement: { containers: false, sharedFiles: true },
    writeFile: (file) => {
      files.push(file);
      return `/store/${files.length}-${file.name}`;
    },
    ...overrides,
    files,
  };
};

/** True when the real program is here; under CI its absence fails the test instead. */
export const haveProgram = (path: string, skip: (why: string) => void): boolean => {
  if (existsSync(path)) return true;
  if (process.env.CI === 'true') assert.fail(`${path} is missing`);
  skip(`${path} is not installed`);
  return false;
};

/** The text of the one store file whose path ends in `suffix`. */
export const storeFileEnding = (result: BuildResult, suffix: string): string => {
  const found = result.entries.flatMap((e) => e.files).find((f) => f.path.endsWith(suffix));
  assert.ok(found && found.kind === 'file', `a store file ending in ${suffix}`);
  return found.content;
};

/** Asserts that a build fails with exactly one bad constructor argument, reported at the call in `file`. */
export const refusedAt = (file: string, build: () => unknown, message: RegExp): void => {
  const [problem, ...rest] = buildProblems(build);
  assert.equal(rest.length, 0, JSON.stringify(rest));
  assert.equal(problem!.code, 'invalid-service-argument');
  assert.match(problem!.message, message);
  assert.equal(problem!.location?.file, file, 'reported at the call in the model');
};
