/**
 * Serving a `SupervisorControl` on a Unix socket, mode 0600 from the moment it exists.
 * @module
 */
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { makePrivateDir } from '../system/private-dir.js';
import { dirname } from 'node:path';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { ControlError } from '../errors.js';
import type { SupervisorControl } from '../backends/embedded/control.js';
import { encode, lineReader, type Request } from '../backends/embedded/protocol.js';

const names = (params: Readonly<Record<string, unknown>>): string[] =>
  Array.isArray(params.instances) ? params.instances.map(String) : [];

const dispatch = async (control: SupervisorControl, request: Request, socket: Socket): Promise<unknown> => {
  const params = request.params ?? {};
  switch (request.method) {
    case 'status': return control.status();
    case 'start': return control.start(names(params));
    case 'stop': return control.stop(names(params));
    case 'restart': return control.restart(names(params));
    case 'apply': {
      // Progress goes out as it happens, one line each, ahead of the result.
      const line = (message: unknown): void => void (socket.writable && socket.write(encode({ line: message })));
      return control.apply(typeof params.generation === 'string' ? params.generation : null, {
        ...(typeof params.timeout === 'number' && params.timeout > 0 ? { timeout: params.timeout } : {}),
        events: { step: (step) => line({ step }), note: (note) => line({ note }) },
      });
    }
    case 'shutdown': return control.shutdown();
    case 'logs': {
      const abort = new AbortController();
      socket.once('close', () => abort.abort());
      await control.logs(typeof params.instance === 'string' ? params.instance : null,
        { lines: Number(params.lines ?? 10), follow: params.follow === true, signal: abort.signal },
        (line) => socket.write(encode({ line })));
      return null;
    }
    default: throw new ControlError(`unknown request ${JSON.stringify(request.method)}`);
  }
};

/** How often a request in progress says that the supervisor is still working on it, unless the client asks otherwise. */
const BEAT_MS = 1000;

/**
 * Answers one request. A request taken up after its client stopped waiting is dropped
 * unanswered: carrying out a switch whose client already reported failure would leave the
 * profile and what runs at odds.
 */
const serve = (control: SupervisorControl, request: Request, socket: Socket): void => {
  if (typeof request.expires === 'number' && Date.now() > request.expires) {
    socket.destroy();
    return;
  }
  const every = typeof request.beatMs === 'number' && request.beatMs >= 50 ? request.beatMs : BEAT_MS;
  const beat = setInterval(() => void (socket.writable && socket.write(encode({ beat: true }))), every);
  const answer = (reply: Parameters<typeof encode>[0]): void => {
    clearInterval(beat);
    if (socket.writable) socket.end(encode(reply));
  };
  dispatch(control, request, socket).then(
    (result) => answer({ result: result ?? null }),
    (error: Error) => answer({ error: { message: error.message, ...(error instanceof ControlError && error.hint ? { hint: error.hint } : {}) } }),
  );
};

const alive = (path: string): Promise<boolean> => new Promise((resolve) => {
  const probe = createConnection(path);
  probe.once('connect', () => { probe.destroy(); resolve(true); });
  probe.once('error', () => resolve(false));
});

/**
 * Listens on `path`. A socket file left by a dead supervisor is replaced; a live one is
 * an error, so two supervisors never share a state dir.
 */
export const serveControl = async (control: SupervisorControl, path: string): Promise<Server> => {
  makePrivateDir(dirname(path));
  if (existsSync(path)) {
    if (await alive(path)) throw new ControlError(`a supervisor is already running on ${path}`, 'use procform status, or procform down to stop it');
    unlinkSync(path);
  }
  const server = createServer((socket) => {
    const read = lineReader((message) => serve(control, message as Request, socket));
    socket.on('data', (chunk: Buffer) => {
      try {
        read(chunk);
      } catch {
        // Not JSON: nothing this supervisor's clients send. The connection is dropped, the supervisor stays.
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
  });
  const previous = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
  } finally {
    process.umask(previous);
  }
  chmodSync(path, 0o600);
  return server;
};
