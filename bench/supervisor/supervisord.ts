// supervisord (Debian `supervisor`): `/usr/bin/supervisord -n -c <temp conf>` with a unix
// socket in the temp dir. The flood is started through its XML-RPC interface on that
// socket (what supervisorctl does, without Python's start-up in the timing).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { BaseDriver, restartSeries, waitForSleeps, type ColdStart } from './driver.js';
import { FLOOD_SCRIPT, LogTracker, rotatedFiles, watchFlood, type FloodResult } from './flood.js';
import { descendantsOf, liveDescendantsNamed, readProc, supervisorTree } from './proc.js';
import { run, sleep, waitFor } from './poll.js';

const SUPERVISORD = '/usr/bin/supervisord';
/** Debian's Python, which has the `supervisor` module (the python3 on PATH may not). */
const PYTHON = '/usr/bin/python3';

const header = (dir: string): string => `[unix_http_server]
file=${dir}/supervisor.sock
[supervisord]
logfile=${dir}/supervisord.log
pidfile=${dir}/supervisord.pid
childlogdir=${dir}
nodaemon=true
user=root
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[supervisorctl]
serverurl=unix://${dir}/supervisor.sock
`;

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** One XML-RPC call over the unix socket; resolves with the response body. */
const xmlrpc = (socketPath: string, method: string, params: readonly (string | boolean)[], timeoutMs = 10_000): Promise<string> => {
  const body = `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params.map((p) =>
    `<param><value>${typeof p === 'boolean' ? `<boolean>${p ? 1 : 0}</boolean>` : `<string>${escapeXml(p)}</string>`}</value></param>`).join('')}</params></methodCall>`;
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: '/RPC2', method: 'POST', headers: { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) }, timeout: timeoutMs }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => (text.includes('<fault>') ? reject(new Error(`supervisord ${method}: ${text.replace(/\s+/g, ' ').slice(0, 300)}`)) : resolve(text)));
    });
    req.on('timeout', () => req.destroy(new Error(`supervisord ${method}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
};

export class Supervisord extends BaseDriver {
  readonly name = 'supervisord';
  #daemon: ChildProcess | null = null;
  #socket = '';
  #version = '';

  detail(): string {
    return `supervisord ${this.#version} (1 Python process); [program:pN] command=/bin/sleep 100000, autorestart=true, stdout_logfile=NONE`;
  }

  missing(): string | null {
    if (!existsSync(SUPERVISORD) || run(PYTHON, ['-c', 'import supervisor'], { timeoutMs: 10_000 }).status !== 0) return 'not installed (apt-get install supervisor)';
    this.#version = run(PYTHON, [SUPERVISORD, '--version'], { timeoutMs: 10_000 }).stdout.trim();
    return null;
  }

  #start(dir: string, conf: string): ChildProcess {
    const path = join(dir, 'supervisord.conf');
    writeFileSync(path, conf);
    const child = spawn(PYTHON, [SUPERVISORD, '-n', '-c', path], { env: this.env(), stdio: 'ignore' });
    child.on('error', () => {});
    this.track(child.pid!);
    return child;
  }

  /**
   * SIGTERM: supervisord stops every program, then exits. While stopping, its main loop
   * handles about one round of stops per second (its poll timeout), so 50 programs take
   * ~15 s; a request on its socket wakes the loop, so the socket is poked until it exits.
   */
  async #stop(child: ChildProcess | null, socketPath: string): Promise<void> {
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const poke = (): void => {
      const socket = createConnection(socketPath);
      socket.on('error', () => {});
      socket.on('connect', () => socket.end('GET / HTTP/1.0\r\n\r\n'));
      socket.setTimeout(200, () => socket.destroy());
      socket.on('data', () => socket.destroy());
    };
    await waitFor('supervisord to exit', () => {
      const gone = child.exitCode !== null || child.signalCode !== null;
      if (!gone) poke();
      return gone;
    }, 20_000, 5).catch(() => child.kill('SIGKILL'));
  }

  async start(count: number): Promise<ColdStart> {
    const run = this.runDir('start');
    let conf = header(run);
    for (let i = 0; i < count; i++) conf += `[program:p${i}]\ncommand=/bin/sleep 100000\nautorestart=true\nstdout_logfile=NONE\nstderr_logfile=NONE\n`;
    const t0 = performance.now();
    this.#daemon = this.#start(run, conf);
    this.#socket = join(run, 'supervisor.sock');
    const done = await waitForSleeps(() => this.#daemon?.pid ?? null, count);
    this.trackTree(this.#daemon.pid!);
    return { withSupervisorMs: done - t0, intoRunningMs: null };
  }

  pids(): number[] {
    return this.#daemon?.pid ? supervisorTree(this.#daemon.pid) : [];
  }

  async restartLatency(samples: number): Promise<(number | null)[]> {
    return restartSeries(liveDescendantsNamed(this.#daemon!.pid!, 'sleep'), samples, (pid) => this.track(pid));
  }

  async stop(): Promise<void> {
    await this.#stop(this.#daemon, this.#socket);
    this.#daemon = null;
  }

  async flood(lines: number): Promise<FloodResult> {
    const dir = this.runDir('flood');
    const log = join(dir, 'gen.out');
    const conf = `${header(dir)}[program:gen]
command=${process.execPath} ${FLOOD_SCRIPT} ${lines}
autostart=false
autorestart=false
startsecs=0
stdout_logfile=${log}
stdout_logfile_maxbytes=0
stdout_logfile_backups=0
stderr_logfile=${join(dir, 'gen.err')}
`;
    const daemon = this.#start(dir, conf);
    const socket = join(dir, 'supervisor.sock');
    try {
      await waitFor('supervisord to answer', async () => existsSync(socket) && (await xmlrpc(socket, 'supervisor.getState', []).catch(() => '')).includes('RUNNING'), 15_000, 10);
      await sleep(100);
      return await watchFlood({
        trigger: () => xmlrpc(socket, 'supervisor.startProcess', ['gen', false]),
        findFlood: () => descendantsOf(daemon.pid!).find((pid) => (readProc(`/proc/${pid}/cmdline`) ?? '').includes(FLOOD_SCRIPT)) ?? null,
        tracker: new LogTracker(join(dir, 'keep'), rotatedFiles(dir, 'gen.out')),
        lines,
        timeoutMs: 60_000,
        checkDir: join(dir, 'check'),
        note: () => 'stdout_logfile_maxbytes=0 (no rotation)',
      });
    } finally {
      this.trackTree(daemon.pid!);
      await this.#stop(daemon, socket);
      await this.reap();
      this.discard(dir);
    }
  }
}
