/**
 * Loading a tests file and checking its instance names against the model's.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ModelLoadError } from '../errors.js';
import { locateKey } from '../model/blame.js';
import { ModelError } from '../model/errors.js';
import { importFresh } from '../model/load.js';
import type { Problem } from '../model/problem.js';
import { isTestsDefinition, type TestsSpec } from './define-tests.js';

/** A loaded tests file. */
export interface LoadedTests {
  readonly file: string;
  readonly spec: TestsSpec;
}

/** The tests file of a model: `given`, else `tests.ts` next to the model. */
export const testsFileFor = (modelFile: string, given?: string): string => resolve(given ?? join(dirname(modelFile), 'tests.ts'));

/** Loads a tests file; a `ModelLoadError` when it is missing or its default export is not `defineTests(…)`. */
export const loadTests = async (file: string): Promise<LoadedTests> => {
  if (!existsSync(file)) throw new ModelLoadError(`tests file ${file} does not exist`, file);
  let mod: unknown;
  try {
    mod = await importFresh(file);
  } catch (error) {
    throw new ModelLoadError(`cannot load tests file ${file}: ${(error as Error).message}`, file, { cause: error });
  }
  const definition = (mod as { default?: unknown }).default;
  if (!isTestsDefinition(definition)) throw new ModelLoadError(`${file} must have a default export made by defineTests({ … })`, file);
  return { file, spec: definition.spec };
};

const FUNCTION_FIELDS = ['initialTests', 'postTests'] as const;
const INSTANCE_FIELDS = ['readiness', 'tests'] as const;

/**
 * Every problem of a tests file against the model's instances: an instance name the model
 * does not have (with the file and line of the key), a check that is not a function.
 */
export const checkTests = (tests: LoadedTests, instances: readonly string[]): void => {
  let text: string | undefined;
  try {
    text = readFileSync(tests.file, 'utf8');
  } catch {
    text = undefined;
  }
  const problems: Problem[] = [];
  const at = (key: string): Pick<Problem, 'location'> => {
    const location = locateKey(tests.file, text, key);
    return location === undefined ? {} : { location };
  };
  for (const field of INSTANCE_FIELDS) {
    const checks = tests.spec[field] ?? {};
    if (typeof checks !== 'object' || checks === null) {
      problems.push({ code: 'tests-not-an-object', field, message: `${field} must be an object of checks by instance name`, ...at(field) });
      continue;
    }
    for (const [name, check] of Object.entries(checks)) {
      if (!instances.includes(name)) {
        problems.push({ code: 'unknown-test-instance', field: `${field}.${name}`, message: `${field} names ${JSON.stringify(name)}, which is not an instance of the model`, hint: `the model's instances: ${instances.join(', ')}`, ...at(name) });
      } else if (typeof check !== 'function') {
        problems.push({ code: 'test-not-a-function', instance: name, field: `${field}.${name}`, message: `${field}.${name} must be a function (t) => …`, ...at(name) });
      }
    }
  }
  for (const field of FUNCTION_FIELDS) {
    const check = tests.spec[field];
    if (check !== undefined && typeof check !== 'function') problems.push({ code: 'test-not-a-function', field, message: `${field} must be a function (t) => …`, ...at(field) });
  }
  for (const field of ['readinessTimeout', 'testTimeout'] as const) {
    const value = tests.spec[field];
    if (value !== undefined && !(typeof value === 'number' && value > 0 && Number.isFinite(value))) problems.push({ code: 'invalid-timeout', field, message: `${field} must be a positive number of seconds`, ...at(field) });
  }
  if (problems.length > 0) throw new ModelError(problems);
};
