/**
 * One cell of `procform test`: the model deployed on one backend in one profile, in a
 * sandbox of its own, through the same switch `procform switch` makes; then the tests
 * file's checks; then the undeploy, and the check that nothing was left running.
 * @module
 */
import { settingsOf, type BuildResult } from '../build/build.js';
import type { Backend } from '../deploy/backend.js';
import { activationGeneration } from '../deploy/switch-backend.js';
import { switchGeneration, type SwitchOutcome } from '../deploy/switch.js';
import type { ActivationGeneration } from '../deploy/activator.js';
import type { BaseParams } from '../model/evaluate.js';
import { deploymentContext, instanceContext, type DeploymentView } from './context.js';
import { checkTests, type LoadedTests } from './load-tests.js';
import { leftovers, runningTree, type RunningProcess } from './leftovers.js';
import type { CellResult, InstanceLines, Profile, StepResult } from './results.js';
import { runStep, skippedStep, withDeadline, type FailureContext } from './steps.js';

/** What a cell deploys, and how. */
export interface CellRequest {
  readonly backend: Backend;
  readonly profile: Profile;
  /** The sandbox's parameters: every directory below its own state directory. */
  readonly params: BaseParams;
  /** Builds the model for the backend and writes it to the sandbox's store. */
  readonly build: () => Promise<BuildResult>;
  /** Builds and writes the empty generation (the undeploy). */
  readonly buildEmpty: () => BuildResult;
  readonly tests: LoadedTests;
  /** Seconds each process may take to come up, instead of its own `startTimeout`. */
  readonly timeout?: number;
  /** Hears of each step as it ends. */
  readonly onStep?: (step: StepResult) => void;
}

const READINESS_TIMEOUT = 60;
const TEST_TIMEOUT = 120;
const LOG_LINES = 20;

/** The output of `instances` under `generation`, with what the manager says of each. */
const linesOf = async (backend: Backend, generation: ActivationGeneration | null, instances: readonly string[]): Promise<InstanceLines[]> => {
  const activator = backend.activator;
  if (generation === null || activator === undefined || instances.length === 0) return [];
  const status = activator.status ? await activator.status(generation).catch(() => null) : null;
  return Promise.all(instances.map(async (instance): Promise<InstanceLines> => {
    const seen = status?.processes.find((p) => p.instance === instance);
    const lines: string[] = [];
    if (activator.logs) {
      await activator.logs(generation, instance, { lines: LOG_LINES, follow: false }, (line) => { lines.push(line.text); }).catch(() => {});
    }
    return {
      instance,
      status: seen === undefined ? null : `${seen.state}${seen.reason === null ? '' : `: ${seen.reason}`}`,
      lines: lines.length > 0 ? lines : seen?.lastLines ?? [],
    };
  }));
};

/** A view of the deployed generation for the checks' helpers. */
const viewOf = (request: CellRequest, built: BuildResult, generation: ActivationGeneration): DeploymentView => {
  const { backend } = request;
  const activator = backend.activator!;
  return {
    backend: backend.name,
    profile: request.profile,
    stateDir: request.params.stateDir,
    extraParams: request.params.extraParams,
    instances: built.model.processes.map((spec) => {
      const port = built.model.metadata[spec.instance]?.port;
      return { name: spec.instance, port: typeof port === 'number' ? port : null, user: spec.user };
    }),
    pidOf: async (instance) => {
      if (!activator.status) return null;
      return (await activator.status(generation)).processes.find((p) => p.instance === instance)?.pid ?? null;
    },
    logs: async (instance, lines) => {
      const found: string[] = [];
      if (activator.logs) await activator.logs(generation, instance, { lines, follow: false }, (line) => { found.push(line.text); });
      return found;
    },
  };
};

/** Runs one cell; never throws: what went wrong is in the steps. */
export const runCell = async (request: CellRequest): Promise<CellResult> => {
  const { backend, tests } = request;
  const { spec } = tests;
  const settings = settingsOf(request.params);
  const started = Date.now();
  const steps: StepResult[] = [];
  const record = (step: StepResult): StepResult => {
    steps.push(step);
    request.onStep?.(step);
    return step;
  };
  let generation: ActivationGeneration | null = null;
  let built: BuildResult | null = null;
  let deployed = false;
  const failures: FailureContext = { testsFile: tests.file, linesOf: (instances) => linesOf(backend, generation, instances) };
  const switchTo = async (path: string): Promise<SwitchOutcome> => {
    let outcome: SwitchOutcome | undefined;
    try {
      return await switchGeneration({ backend, libDir: request.params.libDir, generation: path, timeout: request.timeout, events: { outcome: (done) => { outcome = done; } } });
    } catch (error) {
      throw Object.assign(error as Error, { outcome });
    }
  };
  const failedInstances = (error: unknown): string[] => ((error as { outcome?: SwitchOutcome }).outcome?.failed ?? []).map((f) => f.instance);

  const deploy = record(await runStep('deploy', failures, async () => {
    if (backend.manager && !backend.manager.startsOnDemand) await backend.manager.start(settings);
    built = await request.build();
    checkTests(tests, built.model.processes.map((p) => p.instance));
    generation = activationGeneration(built.generation.path, backend.name);
    await switchTo(built.generation.path);
    deployed = true;
  }, failedInstances));

  const later = [
    ...(spec.initialTests === undefined ? [] : ['initialTests']), ...(spec.readiness === undefined ? [] : ['ready']), ...Object.keys(spec.tests ?? {}).map((name) => `test ${name}`),
    'undeploy', ...(spec.postTests === undefined ? [] : ['postTests']),
  ];
  let running: RunningProcess[] = [];
  if (deploy.status === 'passed' && built !== null && generation !== null) {
    const view = viewOf(request, built, generation);
    const context = (timeout: number, notes: string[]) => deploymentContext(view, timeout, notes);
    const readinessTimeout = spec.readinessTimeout ?? READINESS_TIMEOUT;
    const testTimeout = spec.testTimeout ?? TEST_TIMEOUT;
    const initial = spec.initialTests;
    // A check the tests file does not have is no column of the matrix.
    if (initial !== undefined) {
      record(await runStep('initialTests', failures, (notes) =>
        withDeadline('initialTests', testTimeout, async () => initial(context(testTimeout, notes))), () => view.instances.map((i) => i.name)));
    }
    // Readiness checks run one after another, in start order, and stop at the first that fails.
    let waiting = '';
    const ready = spec.readiness === undefined ? { status: 'passed' } : record(await runStep('ready', failures, async (notes) => {
      for (const { name } of view.instances) {
        const check = spec.readiness?.[name];
        if (check === undefined) continue;
        waiting = name;
        await withDeadline(`the readiness check of ${name}`, readinessTimeout, async () => check(instanceContext(context(readinessTimeout, notes), view, name)));
      }
    }, () => [waiting]));
    for (const [name, check] of Object.entries(spec.tests ?? {})) {
      if (check === undefined) continue;
      record(ready.status !== 'passed' ? skippedStep(`test ${name}`) : await runStep(`test ${name}`, failures, (notes) =>
        withDeadline(`the test of ${name}`, testTimeout, async () => check(instanceContext(context(testTimeout, notes), view, name))), () => [name]));
    }
    running = await runningTree(backend, generation);
    const undeploy = record(await runStep('undeploy', failures, async () => {
      await switchTo(request.buildEmpty().generation.path);
      deployed = false;
    }, failedInstances));
    const post = spec.postTests;
    if (post !== undefined) {
      record(undeploy.status !== 'passed' ? skippedStep('postTests')
        : await runStep('postTests', failures, (notes) => withDeadline('postTests', testTimeout, async () => post(context(testTimeout, notes)))));
    }
  } else {
    for (const step of later) record(skippedStep(step));
  }

  // Whatever happened, the sandbox is taken down before the leftovers are looked for.
  if (deployed) await switchTo(request.buildEmpty().generation.path).catch(() => {});
  record(await runStep('leftovers', failures, async () => {
    await leftovers({ running, ports: built === null ? [] : portsOf(built), stateDir: request.params.stateDir, stopManager: async () => {
      if (backend.manager) await backend.manager.stop(settings);
    } });
  }));
  return { backend: backend.name, profile: request.profile, notRunnable: null, steps, ms: Date.now() - started };
};

/** The ports the model's instances declare. */
const portsOf = (built: BuildResult): number[] =>
  Object.values(built.model.metadata).map((m) => m.port).filter((port): port is number => typeof port === 'number');
