/**
 * The socket client: a `SupervisorControl` that forwards every call to a supervisor.
 * @module
 */
import { createConnection } from 'node:net';
import { ControlError } from '../errors.js';
import type { ActivationStep } from '../backends/backend.js';
import type { ApplyResult, LogLine, SupervisorControl, SupervisorStatus } from './control.js';
import { encode, lineReader, type Method } from './protocol.js';

type Answer = { line?: unknown; result?: unknown; error?: { message: string; hint?: string } };

const call = (socketPath: string, method: Method, params: Record<string, unknown> = {}, onLine?: (line: unknown) => void, signal?: AbortSignal): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    let settled = false;
    const finish = (fn: () => void): void => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    signal?.addEventListener('abort', () => {
      socket.destroy();
      finish(() => resolve(null));
    });
    socket.on('connect', () => socket.write(encode({ method, params })));
    socket.on('data', lineReader((message) => {
      const answer = message as Answer;
      if ('line' in answer) onLine?.(answer.line);
      else if (answer.error) finish(() => reject(new ControlError(answer.error!.message, answer.error!.hint)));
      else if ('result' in answer) finish(() => resolve(answer.result));
    }));
    socket.on('error', (error: NodeJS.ErrnoException) => finish(() => reject(
      error.code === 'ENOENT' || error.code === 'ECONNREFUSED'
        ? new ControlError('no supervisor is running', 'start one with procform up or procform switch')
        : error,
    )));
    socket.on('close', () => finish(() => reject(new ControlError('the supervisor closed the connection without answering'))));
  });

/** True when a supervisor answers on `socketPath`. */
export const supervisorRunning = async (socketPath: string): Promise<boolean> => {
  try {
    await call(socketPath, 'status');
    return true;
  } catch {
    return false;
  }
};

/** A control client for the supervisor listening on `socketPath`. */
export const connectControl = (socketPath: string): SupervisorControl => ({
  status: async () => (await call(socketPath, 'status')) as SupervisorStatus,
  start: async (instances) => void (await call(socketPath, 'start', { instances })),
  stop: async (instances) => void (await call(socketPath, 'stop', { instances })),
  restart: async (instances) => void (await call(socketPath, 'restart', { instances })),
  apply: async (generation, options = {}) => (await call(socketPath, 'apply', { generation, ...(options.timeout === undefined ? {} : { timeout: options.timeout }) }, (line) => {
    const message = line as { step?: ActivationStep; note?: string };
    if (message.step) options.events?.step?.(message.step);
    if (typeof message.note === 'string') options.events?.note?.(message.note);
  })) as ApplyResult,
  logs: async (instance, options, onLine) =>
    void (await call(socketPath, 'logs', { instance, lines: options.lines, follow: options.follow }, (line) => onLine(line as LogLine), options.signal)),
  shutdown: async () => void (await call(socketPath, 'shutdown')),
});
