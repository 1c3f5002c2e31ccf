/**
 * The process of one `procform test` cell (`procform test --cell BACKEND:PROFILE`): a
 * sandbox of its own under the temp directory, the model built and deployed in it, the
 * tests run, the sandbox removed. It writes its result, step by step, to the report file
 * the matrix gave it, so a cell that dies still says how far it got.
 * @module
 */
import { chmodSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeBuild, writeBuild } from '../build/build.js';
import { backendByName } from '../backends/registry.js';
import { defineProcesses } from '../model/define-processes.js';
import { removeTree } from '../store/write.js';
import { runCell } from '../testing/cell.js';
import { loadTests } from '../testing/load-tests.js';
import type { CellResult, Profile, StepResult } from '../testing/results.js';
import { duration } from '../testing/report-text.js';
import { buildGeneration } from './build-generation.js';
import { loadIds, modelFile, resolveParams, type ModelOptions } from './params.js';
import { progress } from './progress.js';

/** What the matrix passes to a cell's process. */
export interface CellOptions extends ModelOptions {
  readonly cell: string;
  readonly cellReport: string;
  readonly tests: string;
  readonly timeout?: number;
}

const writeReport = (file: string, result: CellResult): void => {
  writeFileSync(`${file}.tmp`, JSON.stringify(result));
  renameSync(`${file}.tmp`, file);
};

/** Runs the cell the options name and writes its report. */
export const runTestCell = async (options: CellOptions): Promise<void> => {
  const [name, profile] = options.cell.split(':') as [string, Profile];
  const backend = backendByName(name);
  const state = mkdtempSync(join(tmpdir(), `procform-test-${backend.name}-${profile}-`));
  // Processes that run as their own users must reach their state and pid files below it.
  chmodSync(state, 0o755);
  const started = Date.now();
  const steps: StepResult[] = [];
  const say = (text: string): void => { process.stderr.write(`  ${backend.name} ${profile}: ${text}\n`); };
  const cellOptions: ModelOptions = { ...options, stateDir: state, forceDisableUserChange: profile === 'unprivileged', processManager: backend.name };
  try {
    const file = modelFile(cellOptions);
    const params = { ...resolveParams(cellOptions, loadIds(cellOptions, file)), processManager: backend.name };
    const tests = await loadTests(options.tests);
    const result = await runCell({
      backend, profile, params, tests, timeout: options.timeout,
      build: async () => (await buildGeneration(cellOptions, progress(true), backend.name)).result,
      buildEmpty: () => {
        const empty = computeBuild({ definition: defineProcesses(() => ({})), params, backend, sourceFile: '(undeploy)', allowEmpty: true });
        writeBuild(empty);
        return empty;
      },
      onStep: (step) => {
        steps.push(step);
        say(`${step.step} ${step.status}${step.status === 'skipped' ? '' : ` (${duration(step.ms)})`}`);
        writeReport(options.cellReport, { backend: backend.name, profile, notRunnable: null, steps, ms: Date.now() - started });
      },
    });
    writeReport(options.cellReport, result);
  } finally {
    try {
      removeTree(state);
    } catch (error) {
      say(`could not remove the sandbox ${state}: ${(error as Error).message}`);
    }
  }
};
