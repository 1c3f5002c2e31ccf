/**
 * Running a model task in a worker thread with a deadline. Only a thread can be stopped
 * while the model's code runs: an endless loop never gives a timer in the same thread a
 * turn. The deadline counts only while the model's own code is loading or evaluating;
 * validation, `postInstall` and file checks have limits of their own.
 * @module
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ModelLoadError } from '../errors.js';
import { MODEL_TIMEOUT_VARIABLE, modelTimeoutMs } from '../model/deadline.js';
import type { ModelTask, ModelTaskResult } from './model-task.js';
import type { WorkerMessage } from './model-worker.js';
import { deserializeError } from './transfer.js';

/**
 * A worker running the worker script compiled next to this module; when procform runs from
 * its sources (tests, development), the TypeScript one, through tsx, whose loader a worker
 * does not inherit.
 */
const startWorker = (task: ModelTask): Worker => {
  const js = new URL('./model-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData: task });
  const ts = new URL('./model-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(ts)}); })`, { eval: true, workerData: task });
};

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

const notFinished = (file: string, timeoutMs: number): ModelLoadError =>
  new ModelLoadError(`the model did not finish evaluating within ${seconds(timeoutMs)} (an endless loop or a promise that never settles?)`, file, {
    hint: `look for a loop that never ends or an await that never returns in ${file} and what it imports; if it really needs longer, set ${MODEL_TIMEOUT_VARIABLE} to the seconds it needs`,
  });

const ended = (file: string, code: number, evaluating: boolean): ModelLoadError =>
  code !== 0
    ? new ModelLoadError(`the model ended its evaluation with process.exit(${code})`, file, { hint: 'a model must not exit; throw an error to report a problem' })
    : new ModelLoadError(evaluating ? 'the model did not finish evaluating: it waits for a promise that nothing can settle any more (a top-level await that never returns?)' : 'the model\'s evaluation ended without a result', file, {
      hint: `look for an await in ${file} (or what it imports) of a promise that is never resolved`,
    });

/**
 * Runs `task` in a worker; rejects with a `ModelLoadError` when the model's code runs longer
 * than `timeoutMs` (`$PROCFORM_MODEL_TIMEOUT` seconds, 60 by default) or waits for what can
 * never happen, and with the task's own error, of its own class, when it fails.
 */
export const inWorker = <T extends ModelTask>(task: T, timeoutMs = modelTimeoutMs()): Promise<ModelTaskResult<T>> =>
  new Promise((resolve, reject) => {
    const worker = startWorker(task);
    let deadline: NodeJS.Timeout | undefined;
    let evaluating = false;
    let settled = false;
    const settle = (finish: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      // Whatever the model left running (a timer, a server) must not keep procform alive.
      void worker.terminate();
      finish();
    };
    worker.on('message', (message: WorkerMessage) => {
      switch (message.kind) {
        case 'evaluating':
          evaluating = true;
          deadline = setTimeout(() => settle(() => reject(notFinished(task.file, timeoutMs))), timeoutMs);
          return;
        case 'evaluated':
          evaluating = false;
          clearTimeout(deadline);
          return;
        case 'done':
          return settle(() => resolve(message.result as ModelTaskResult<T>));
        case 'failed':
          return settle(() => reject(deserializeError(message.error)));
      }
    });
    // An exception the model threw later, from a timer or a callback of its own.
    worker.on('error', (error) => settle(() => reject(new ModelLoadError(`the model failed while it was evaluated: ${error.message}`, task.file, { cause: error }))));
    worker.on('exit', (code) => settle(() => reject(ended(task.file, code, evaluating))));
  });
