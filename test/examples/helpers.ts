/**
 * Shared helpers of the example tests: real child processes, free ports, HTTP requests
 * and polling with deadlines.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** Absolute path of the webapps example. */
export const webappsDir = fileURLToPath(new URL('../../examples/webapps/', import.meta.url));
export const webappBin = `${webappsDir}bin/webapp.js`;
export const proxyBin = `${webappsDir}bin/proxy.js`;

/** A port nothing listened on a moment ago. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    // No host, so the port is free on every address, as the programs under test bind it.
    server.listen(0, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

/**
 * Calls `check` until it returns something other than `undefined` and returns that,
 * or throws once `timeoutMs` have passed.
 */
export const waitFor = async <T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
};

/** How a child process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running child process with its output collected. */
export interface Started {
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  readonly output: () => string;
  /** Resolves once the process exited and its output is complete. */
  readonly exited: Promise<Exit>;
  /** How the process ended, or `undefined` while it still runs. */
  readonly exit: () => Exit | undefined;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  readonly stop: (graceMs?: number) => Promise<Exit>;
}

/** Starts `command`; the caller must `stop` it (in `after`/`t.after`). */
export const start = (command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Started => {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exit: Exit | undefined;
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.once('exit', (code, signal) => (exit = { code, signal }));
  // 'close' comes after 'exit' once the pipes are drained, so the output is complete.
  const exited = new Promise<Exit>((resolve) => {
    child.once('close', (code, signal) => resolve(exit ?? { code, signal }));
    child.once('error', (err) => {
      output += `spawn error: ${err.message}\n`;
      exit = { code: null, signal: null };
      resolve(exit);
    });
  });
  const stop = async (graceMs = 5000): Promise<Exit> => {
    if (exit === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    return exited;
  };
  return { child, output: () => output, exited, exit: () => exit, stop };
};

/** Runs `command` to completion (SIGKILL after `timeoutMs`) and returns its exit and output. */
export const run = async (command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 15_000) => {
  const started = start(command, args, env);
  const timer = setTimeout(() => started.child.kill('SIGKILL'), timeoutMs);
  try {
    return { ...(await started.exited), output: started.output() };
  } finally {
    clearTimeout(timer);
  }
};

/** Waits until the process printed a line matching `pattern`; fails early if it exits. */
export const waitForOutput = (started: Started, pattern: RegExp, timeoutMs = 10_000): Promise<string> =>
  waitFor(
    `output matching ${pattern}`,
    () => {
      const match = pattern.exec(started.output());
      if (match) return match[0];
      const exit = started.exit();
      if (exit) throw new Error(`exited (${exit.signal ?? exit.code}) before printing ${pattern}:\n${started.output()}`);
      return undefined;
    },
    timeoutMs,
  );

/** An HTTP response with its body as text. */
export interface Response {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Sends one request to 127.0.0.1:`port`. */
export const request = (
  port: number,
  options: {
    readonly host?: string;
    readonly method?: string;
    readonly path?: string;
    readonly body?: string;
    /** @default a fresh connection, closed after the response */
    readonly agent?: http.Agent;
  } = {},
): Promise<Response> =>
  new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: options.host === undefined ? {} : { host: options.host },
        // A pooled connection would outlive the test and keep the servers' close() waiting.
        agent: options.agent ?? false,
        timeout: 5000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(options.body);
  });

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
export const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** True when a process with this pid exists and has not exited. */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A daemon's parent is gone, so after exiting it stays a zombie until init reaps it,
  // which can take seconds in a container; a zombie has exited all the same.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
};

/** Starts a webapp in the foreground and waits until it listens. */
export const startWebapp = async (port: number): Promise<Started> => {
  const webapp = start(webappBin, [], { PORT: String(port) });
  await waitForOutput(webapp, new RegExp(`webapp listening on port ${port}`));
  return webapp;
};
