/**
 * The worker thread that runs a model task (`in-worker.ts` starts it with the task as its
 * data). It says when the model's own code starts and stops running, then posts the
 * result or the error.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runModelTask, type ModelTask } from './model-task.js';
import { serializeError, transferable } from './transfer.js';

/** What the worker posts. */
export type WorkerMessage =
  | { readonly kind: 'evaluating' | 'evaluated' }
  | { readonly kind: 'done'; readonly result: unknown }
  | { readonly kind: 'failed'; readonly error: ReturnType<typeof serializeError> };

const port = parentPort!;
const post = (message: WorkerMessage): void => port.postMessage(message);

runModelTask(workerData as ModelTask, { evaluating: () => post({ kind: 'evaluating' }), evaluated: () => post({ kind: 'evaluated' }) }).then(
  (result) => {
    try {
      post({ kind: 'done', result: transferable(result) });
    } catch (error) {
      post({ kind: 'failed', error: serializeError(error) });
    }
  },
  (error: unknown) => post({ kind: 'failed', error: serializeError(error) }),
);
