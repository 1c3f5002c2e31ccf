/**
 * `defineTests`: the default export of a tests file, which `procform test` runs against a
 * model deployed on every process manager in turn.
 * @module
 */
import type { ProcessesDefinition, ProcessesModel } from '../model/define-processes.js';
import type { InstanceTestContext, TestContext } from './context-types.js';

/** The instance names of a model (`typeof model`), or `string` when its type does not keep them. */
export type InstanceNames<Definition> = Definition extends ProcessesDefinition<never, infer Model>
  ? string extends keyof Model ? string : Extract<keyof Model, string>
  : string;

/** A check of one instance: it passes when it returns (or its promise resolves, to anything) and fails when it throws. */
export type InstanceCheck = (t: InstanceTestContext) => unknown;

/** A check of the whole deployment. */
export type DeploymentCheck = (t: TestContext) => unknown;

/** What a tests file declares, keyed by the model's instance names. */
export interface TestsSpec<Name extends string = string> {
  /**
   * Extra waiting per instance after the switch, which already waits for each process's own
   * readiness: for instance an HTTP answer through a proxy. @default none
   */
  readonly readiness?: { readonly [N in Name]?: InstanceCheck };
  /** The tests of each instance, run once every instance is ready. @default none */
  readonly tests?: { readonly [N in Name]?: InstanceCheck };
  /** Runs once the deployment is up, before the readiness checks. @default none */
  readonly initialTests?: DeploymentCheck;
  /** Runs after the undeploy: what must hold once everything has stopped. @default none */
  readonly postTests?: DeploymentCheck;
  /** Seconds each readiness check may take. @default 60 */
  readonly readinessTimeout?: number;
  /** Seconds each test may take. @default 120 */
  readonly testTimeout?: number;
}

const MARK: unique symbol = Symbol.for('procform.tests-definition') as never;

/** A tests file's default export, as made by `defineTests`. */
export interface TestsDefinition {
  readonly [MARK]: true;
  readonly spec: TestsSpec;
}

/**
 * Declares the tests of a model. Pass the model's type to have TypeScript check the
 * instance names (`procform test` checks them as well, with the file and line of a
 * misspelt one).
 * @example
 * import type model from './processes.js';
 * export default defineTests<typeof model>({
 *   tests: { webapp: async (t) => t.assert.match((await t.http(`http://localhost:${t.port}/`)).body, /listening/) },
 * });
 */
export const defineTests = <Definition = ProcessesDefinition<object, ProcessesModel>>(spec: TestsSpec<InstanceNames<Definition>>): TestsDefinition =>
  Object.freeze({ [MARK]: true as const, spec: spec as TestsSpec });

/** True when `value` was made by `defineTests`. */
export const isTestsDefinition = (value: unknown): value is TestsDefinition =>
  typeof value === 'object' && value !== null && MARK in value;
