/**
 * `procform test`: deploys the model on each chosen backend, in each profile, in a sandbox
 * of its own, runs the tests file against it, and prints the matrix of what passed.
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { BACKENDS, backendByName, DEFAULT_BACKEND } from '../../backends/registry.js';
import { computeBuild } from '../../build/build.js';
import { loadDefinition } from '../../model/load.js';
import { junitXml } from '../../testing/junit.js';
import { checkTests, loadTests, testsFileFor } from '../../testing/load-tests.js';
import { reportText } from '../../testing/report-text.js';
import { cellFailed, PROFILES, runPassed, type CellResult, type Profile, type TestRun } from '../../testing/results.js';
import { TestsFailedError } from '../../errors.js';
import { loadIds, modelFile, resolveParams } from '../params.js';
import { painter } from '../style.js';
import { launchCell, notRunnable } from '../test-matrix.js';
import { runTestCell } from '../test-cell.js';

interface TestOptions {
  readonly file?: string;
  readonly tests?: string;
  readonly processManager?: string;
  readonly profiles?: string;
  readonly keepGoing?: boolean;
  readonly junit?: string;
  readonly json?: boolean;
  readonly extraParams?: string;
  readonly ids?: string;
  readonly backendOption?: readonly string[];
  readonly timeout?: number;
  readonly cellTimeout?: number;
  readonly cell?: string;
  readonly cellReport?: string;
}

const list = (text: string): string[] => text.split(',').map((word) => word.trim()).filter((word) => word !== '');

const backendsOf = (text: string | undefined) => (text === undefined ? [backendByName(DEFAULT_BACKEND)]
  : list(text).flatMap((name) => (name === 'all' ? [...BACKENDS.values()] : [backendByName(name)])));

const profilesOf = (text: string | undefined): Profile[] => {
  const given = text === undefined ? PROFILES : list(text);
  const unknown = given.find((p) => !PROFILES.includes(p as Profile));
  if (unknown !== undefined) throw new InvalidArgumentError(`unknown profile ${unknown}: use ${PROFILES.join(', ')}`);
  return [...given] as Profile[];
};

/** Evaluates the model once, for its instance names, and checks the tests file against them before anything is deployed. */
const checkBeforeRunning = async (options: TestOptions, model: string, testsFile: string): Promise<void> => {
  const tests = await loadTests(testsFile);
  const scratch = mkdtempSync(join(tmpdir(), 'procform-test-check-'));
  try {
    const params = { ...resolveParams({ ...options, stateDir: scratch, backendOption: [] }, loadIds(options, model)), processManager: DEFAULT_BACKEND as never };
    const built = computeBuild({ definition: await loadDefinition(model), params, backend: backendByName(DEFAULT_BACKEND), sourceFile: model });
    checkTests(tests, built.model.processes.map((p) => p.instance));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
};

/** The arguments a cell's process gets: the model, the tests, and what shapes the build. */
const cellArgs = (options: TestOptions, model: string, testsFile: string, optionKeys: readonly string[]): string[] => [
  '-f', model, '-t', testsFile,
  ...(options.extraParams === undefined ? [] : ['--extra-params', options.extraParams]),
  ...(options.ids === undefined ? [] : ['--ids', options.ids]),
  ...(options.timeout === undefined ? [] : ['--timeout', String(options.timeout)]),
  // Each backend gets the -o options it has; the others' are not its business.
  ...(options.backendOption ?? []).filter((word) => optionKeys.includes(word.split('=')[0]!)).flatMap((word) => ['-o', word]),
];

/** Runs the test command. */
export const runTest = async (options: TestOptions): Promise<void> => {
  if (options.cell !== undefined) {
    await runTestCell({ ...options, cell: options.cell, cellReport: options.cellReport!, tests: options.tests! });
    return;
  }
  const model = modelFile(options);
  const testsFile = testsFileFor(model, options.tests);
  const backends = backendsOf(options.processManager);
  const profiles = profilesOf(options.profiles);
  await checkBeforeRunning(options, model, testsFile);
  const started = Date.now();
  const cells: CellResult[] = [];
  let stopped = false;
  for (const backend of backends) {
    for (const profile of profiles) {
      const reason = notRunnable(backend, profile);
      if (reason !== null || stopped) {
        cells.push({ backend: backend.name, profile, notRunnable: reason ?? 'not run: an earlier cell failed (use --keep-going to run every cell)', steps: [], ms: 0 });
        continue;
      }
      if (!options.json) process.stderr.write(`${backend.name} ${profile}:\n`);
      const cell = await launchCell({ backend, profile, args: cellArgs(options, model, testsFile, Object.keys(backend.options ?? {})), minutes: options.cellTimeout ?? 30 });
      cells.push(cell);
      if (cellFailed(cell) && !options.keepGoing) stopped = true;
    }
  }
  const run: TestRun = { model, tests: testsFile, cells, ms: Date.now() - started };
  if (options.junit !== undefined) writeFileSync(options.junit, junitXml(run));
  if (options.json) process.stdout.write(`${JSON.stringify({ passed: runPassed(run), ...run }, null, 2)}\n`);
  else {
    const paint = painter(process.stdout);
    process.stdout.write(reportText(run, (color, text) => paint(color, text)));
  }
  if (!runPassed(run)) {
    const failed = cells.filter(cellFailed).length;
    throw new TestsFailedError(failed === 0 ? 'no backend and profile could run here' : `${failed} of ${cells.length} cells failed`, failed === 0 ? 'see why each one is not runnable above' : 'the failures above name the step, the line of the tests file and the processes\' last output');
  }
};

const seconds = (text: string): number => {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError('must be a positive number');
  return value;
};

/** The test command. */
export const testCommand = (): Command => new Command('test')
  .summary("deploy the model on each backend and profile in a sandbox and run its tests file")
  .description([
    'For every backend (-P) and profile, each in a sandbox of its own (own state dir and manager instance; systemd in its own user manager):',
    'deploy the model, run initialTests, wait for the readiness checks, run each instance\'s tests, undeploy, run postTests, and check that nothing was left running.',
    'Prints a matrix of the results; exits 0 only when every cell that can run here passed. Backends that cannot run here are listed with the reason.',
  ].join(' '))
  .option('-f, --file <path>', 'processes model file (default: $PROCFORM_PROCESSES, else ./processes.ts)')
  .option('-t, --tests <path>', 'tests file, whose default export is defineTests({ … }) (default: tests.ts next to the model)')
  .option('-P, --process-manager <list>', `backends to test, comma-separated, or "all" (default: ${DEFAULT_BACKEND})`)
  .option('--profiles <list>', 'privileged (root, processes as their own users) and/or unprivileged (no user change)', PROFILES.join(','))
  .option('--keep-going', 'run every cell even after one failed')
  .option('--junit <file>', 'also write the results as JUnit XML')
  .option('--json', 'print the results as JSON on stdout')
  .option('--ids <file>', 'ids file read into params.ids (default: ids.json next to the model)')
  .option('--extra-params <json>', 'JSON object of extra model parameters')
  .option('-o, --backend-option <key=value>', 'a backend option, given to each backend that has it (repeatable)', (word: string, all: string[] = []) => [...all, word])
  .option('--timeout <seconds>', "seconds each process may take to come up (default: each process's startTimeout)", seconds)
  .option('--cell-timeout <minutes>', 'minutes one backend and profile may take before it is stopped (default: 30)', seconds)
  .addOption(new Option('--cell <backend:profile>').hideHelp())
  .addOption(new Option('--cell-report <file>').hideHelp())
  .action((options: TestOptions) => runTest(options));
