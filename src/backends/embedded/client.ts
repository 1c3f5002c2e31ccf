/**
 * The socket client: a `SupervisorControl` that forwards every call to a supervisor. No
 * call waits forever: a supervisor that says nothing (no answer, no progress, no beat) for
 * the control timeout is reported as not answering.
 * @module
 */
import { createConnection } from 'node:net';
import { ControlError, SupervisorLostError, SupervisorUnresponsiveError } from '../../errors.js';
import type { ActivationStep } from '../../deploy/activator.js';
import type { ApplyResult, SupervisorControl, SupervisorStatus } from './control.js';
import type { LogLine } from '../../deploy/observation.js';
import { controlTimeoutMs } from './control-timeout.js';
import { encode, lineReader, type Method } from './protocol.js';
import { socketOwner } from './socket-owner.js';

type Answer = { beat?: true; line?: unknown; result?: unknown; error?: { message: string; hint?: string } };

/** Options of a client. */
export interface ClientOptions {
  /** Milliseconds of silence after which a call gives up. @default `controlTimeoutMs()` */
  readonly timeoutMs?: number;
}

const notRunning = (): ControlError => new ControlError('no supervisor is running', 'start one with procform up or procform switch');

const unresponsive = (socketPath: string, timeoutMs: number): SupervisorUnresponsiveError => {
  const pid = socketOwner(socketPath);
  const seconds = Math.round(timeoutMs / 100) / 10;
  const hint = pid === null
    ? `find the process holding ${socketPath}; if it is stopped, SIGCONT resumes it; if it stays unresponsive, kill it with SIGKILL, then procform down stops the processes it left`
    : `ps -o stat= -p ${pid} shows T when it is stopped: kill -CONT ${pid} resumes it; if it stays unresponsive, kill -KILL ${pid}, then procform down stops the processes it left`;
  return new SupervisorUnresponsiveError(pid, seconds, socketPath, hint);
};

const call = (socketPath: string, timeoutMs: number, method: Method, params: Record<string, unknown> = {}, onLine?: (line: unknown) => void, signal?: AbortSignal): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    let settled = false;
    const finish = (fn: () => void): void => {
      if (!settled) {
        settled = true;
        clearTimeout(silence);
        socket.destroy();
        fn();
      }
    };
    // Any word from the supervisor (progress, a log line, a beat) shows that it is alive.
    let silence = setTimeout(() => finish(() => reject(unresponsive(socketPath, timeoutMs))), timeoutMs);
    const heard = (): void => {
      clearTimeout(silence);
      silence = setTimeout(() => finish(() => reject(unresponsive(socketPath, timeoutMs))), timeoutMs);
    };
    signal?.addEventListener('abort', () => finish(() => resolve(null)));
    socket.on('connect', () => socket.write(encode({ method, params, expires: Date.now() + timeoutMs, beatMs: Math.min(1000, Math.max(50, Math.floor(timeoutMs / 4))) })));
    const read = lineReader((message) => {
      const answer = message as Answer;
      if ('line' in answer) onLine?.(answer.line);
      else if (answer.error) finish(() => reject(new ControlError(answer.error!.message, answer.error!.hint)));
      else if ('result' in answer) finish(() => resolve(answer.result));
    });
    socket.on('data', (chunk: Buffer) => {
      heard();
      read(chunk);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(() => reject(error.code === 'ENOENT' || error.code === 'ECONNREFUSED' ? notRunning() : error)));
    socket.on('close', () => finish(() => reject(new SupervisorLostError('the supervisor closed the connection without answering: it ended while it worked on the request'))));
  });

/**
 * True when a supervisor answers on `socketPath`, false when none listens there. A
 * supervisor that listens but does not answer is an error, not a "no": starting a second
 * one next to it would fail, and the user needs to hear about the first.
 */
export const supervisorRunning = async (socketPath: string, options: ClientOptions = {}): Promise<boolean> => {
  try {
    await call(socketPath, options.timeoutMs ?? controlTimeoutMs(), 'status');
    return true;
  } catch (error) {
    if (error instanceof SupervisorUnresponsiveError) throw error;
    return false;
  }
};

/** A control client for the supervisor listening on `socketPath`. */
export const connectControl = (socketPath: string, options: ClientOptions = {}): SupervisorControl => {
  const timeoutMs = options.timeoutMs ?? controlTimeoutMs();
  return {
    status: async () => (await call(socketPath, timeoutMs, 'status')) as SupervisorStatus,
    start: async (instances) => void (await call(socketPath, timeoutMs, 'start', { instances })),
    stop: async (instances) => void (await call(socketPath, timeoutMs, 'stop', { instances })),
    restart: async (instances) => void (await call(socketPath, timeoutMs, 'restart', { instances })),
    apply: async (generation, options = {}) => (await call(socketPath, timeoutMs, 'apply', { generation, ...(options.timeout === undefined ? {} : { timeout: options.timeout }) }, (line) => {
      const message = line as { step?: ActivationStep; note?: string };
      if (message.step) options.events?.step?.(message.step);
      if (typeof message.note === 'string') options.events?.note?.(message.note);
    })) as ApplyResult,
    logs: async (instance, options, onLine) =>
      void (await call(socketPath, timeoutMs, 'logs', { instance, lines: options.lines, follow: options.follow }, (line) => onLine(line as LogLine), options.signal)),
    shutdown: async () => void (await call(socketPath, timeoutMs, 'shutdown')),
  };
};
