// PM2 (npm `pm2@7`, installed outside the project: `npm install --prefix .bench-cache pm2@7`).
// Every pm2 command runs with PM2_HOME in the temp dir: without it any pm2 call spawns a
// God daemon in ~/.pm2. `pm2 kill` ends it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaseDriver, restartSeries, waitForSleeps, type ColdStart } from './driver.js';
import { FLOOD_SCRIPT, LogTracker, rotatedFiles, watchFlood, type FloodResult } from './flood.js';
import { descendantsOf, isLive, liveDescendantsNamed, readProc, supervisorTree } from './proc.js';
import { run, runOk, waitFor } from './poll.js';

export const PM2_PREFIX = fileURLToPath(new URL('../../.bench-cache', import.meta.url));
const PM2 = join(PM2_PREFIX, 'node_modules', 'pm2', 'bin', 'pm2');

interface App {
  readonly name: string;
  readonly script: string;
  readonly args: string;
  readonly autorestart: boolean;
  readonly out_file: string;
  readonly error_file: string;
}

export class Pm2 extends BaseDriver {
  readonly name = 'PM2';
  #home: string | null = null;
  #version = '';

  detail(): string {
    return `PM2 ${this.#version} God daemon (node ${process.version}); 50 apps {script: '/bin/sleep', args: '100000', interpreter: 'none', autorestart: true}`;
  }

  missing(): string | null {
    if (!existsSync(PM2)) return 'not installed (npm install --prefix .bench-cache pm2@7)';
    this.#version = (JSON.parse(readFileSync(join(PM2_PREFIX, 'node_modules', 'pm2', 'package.json'), 'utf8')) as { version: string }).version;
    return null;
  }

  #pm2Env(home: string): NodeJS.ProcessEnv {
    return this.env({ PM2_HOME: home });
  }

  /** Runs a pm2 command to completion (with a deadline). */
  #pm2(home: string, args: readonly string[], timeoutMs = 60_000): void {
    runOk(process.execPath, [PM2, ...args], { env: this.#pm2Env(home), timeoutMs });
  }

  /** Starts a pm2 command in the background; resolves when it exits (killed at its deadline). */
  #pm2Async(home: string, args: readonly string[], timeoutMs = 60_000): Promise<void> {
    const child: ChildProcess = spawn(process.execPath, [PM2, ...args], { env: this.#pm2Env(home), stdio: 'ignore' });
    this.track(child.pid!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`pm2 ${args.join(' ')} exited ${code ?? 'on a signal'}`));
      });
    });
  }

  #god(home: string | null): number | null {
    if (home === null) return null;
    const text = readProc(join(home, 'pm2.pid'));
    const pid = text === null ? Number.NaN : Number.parseInt(text, 10);
    return Number.isInteger(pid) && isLive(pid) ? pid : null;
  }

  #ecosystem(home: string, apps: readonly App[]): string {
    mkdirSync(home, { recursive: true });
    const file = join(home, 'ecosystem.config.js');
    writeFileSync(file, `module.exports = ${JSON.stringify({ apps: apps.map((app) => ({ ...app, interpreter: 'none' })) }, null, 1)};\n`);
    return file;
  }

  #sleepers(count: number): App[] {
    return Array.from({ length: count }, (_, i) => ({ name: `p${i}`, script: '/bin/sleep', args: '100000', autorestart: true, out_file: '/dev/null', error_file: '/dev/null' }));
  }

  async #kill(home: string | null): Promise<void> {
    if (home === null) return;
    const god = this.#god(home);
    if (god === null) return;
    this.trackTree(god);
    run(process.execPath, [PM2, 'kill'], { env: this.#pm2Env(home), timeoutMs: 30_000 });
    await waitFor('the PM2 God daemon to exit', () => !isLive(god), 10_000, 10).catch(() => process.kill(god, 'SIGKILL'));
  }

  async start(count: number): Promise<ColdStart> {
    // Cold: `pm2 start` with no daemon running, which spawns the God daemon first.
    const base = this.runDir('start');
    const cold = join(base, 'home-cold');
    const coldFile = this.#ecosystem(cold, this.#sleepers(count));
    const t0 = performance.now();
    const started = this.#pm2Async(cold, ['start', coldFile]);
    const coldDone = await waitForSleeps(() => this.#god(cold), count);
    await started;
    await this.#kill(cold);
    // Into a running God daemon (started by `pm2 ping`).
    const home = join(base, 'home');
    const file = this.#ecosystem(home, this.#sleepers(count));
    this.#pm2(home, ['ping']);
    this.#home = home;
    const god = await waitFor('the PM2 God daemon', () => this.#god(home) ?? false, 10_000, 5);
    this.track(god);
    const t1 = performance.now();
    const warm = this.#pm2Async(home, ['start', file]);
    const warmDone = await waitForSleeps(() => this.#god(home), count);
    await warm;
    this.trackTree(god);
    return { withSupervisorMs: coldDone - t0, intoRunningMs: warmDone - t1 };
  }

  pids(): number[] {
    const god = this.#god(this.#home);
    return god === null ? [] : supervisorTree(god);
  }

  async restartLatency(samples: number): Promise<(number | null)[]> {
    return restartSeries(liveDescendantsNamed(this.#god(this.#home)!, 'sleep'), samples, (pid) => this.track(pid));
  }

  async stop(): Promise<void> {
    await this.#kill(this.#home);
    this.#home = null;
  }

  async flood(lines: number): Promise<FloodResult> {
    const base = this.runDir('flood');
    const home = join(base, 'home');
    const out = join(home, 'gen.out');
    const file = this.#ecosystem(home, [{ name: 'gen', script: process.execPath, args: `${FLOOD_SCRIPT} ${lines}`, autorestart: false, out_file: out, error_file: join(home, 'gen.err') }]);
    this.#pm2(home, ['ping']);
    try {
      const god = await waitFor('the PM2 God daemon', () => this.#god(home) ?? false, 10_000, 5);
      this.track(god);
      return await watchFlood({
        // The trigger is pm2's CLI: node start-up and the RPC to the daemon count.
        trigger: () => this.#pm2Async(home, ['start', file]),
        findFlood: () => descendantsOf(god).find((pid) => (readProc(`/proc/${pid}/cmdline`) ?? '').includes(FLOOD_SCRIPT)) ?? null,
        tracker: new LogTracker(join(base, 'keep'), rotatedFiles(home, 'gen.out')),
        lines,
        timeoutMs: 60_000,
        checkDir: join(base, 'check'),
        note: () => 'out_file, no rotation; the trigger is the pm2 CLI',
      });
    } finally {
      await this.#kill(home);
      await this.reap();
      this.discard(base);
    }
  }
}
