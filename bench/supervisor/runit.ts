// runit (Debian `runit`): runsvdir on a service dir in the temp dir, one runsv per service.
// runsvdir sleeps a second before its first scan when the dir changed in the current
// second, so the dir's mtime is set into the past before it starts.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BaseDriver, restartSeries, waitForSleeps, type ColdStart } from './driver.js';
import { FLOOD_SCRIPT, LogTracker, multilogFiles, watchFlood, type FloodResult } from './flood.js';
import { descendantsOf, liveDescendantsNamed, readProc, supervisorTree } from './proc.js';
import { installed, runOk, sleep, waitFor } from './poll.js';

const script = (path: string, text: string): void => {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
};

export class Runit extends BaseDriver {
  readonly name = 'runit';
  #runsvdir: ChildProcess | null = null;

  detail(): string {
    return 'runsvdir + one runsv per service; run scripts `exec /bin/sleep 100000`';
  }

  missing(): string | null {
    return installed('runsvdir') && installed('sv') ? null : 'not installed (apt-get install runit)';
  }

  #startDir(dir: string): ChildProcess {
    BaseDriver.age(dir);
    const child = spawn('runsvdir', ['-P', dir], { env: this.env(), stdio: 'ignore' });
    child.on('error', () => {});
    this.track(child.pid!);
    return child;
  }

  /** SIGHUP: runsvdir TERMs every runsv, which take their services down. */
  async #stopDir(child: ChildProcess | null): Promise<void> {
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGHUP');
    await waitFor('runsvdir to exit', () => child.exitCode !== null || child.signalCode !== null, 15_000, 10).catch(() => child.kill('SIGKILL'));
  }

  async start(count: number): Promise<ColdStart> {
    const sv = join(this.runDir('start'), 'sv');
    for (let i = 0; i < count; i++) {
      mkdirSync(join(sv, `p${i}`), { recursive: true });
      script(join(sv, `p${i}`, 'run'), '#!/bin/sh\nexec /bin/sleep 100000\n');
    }
    const t0 = performance.now();
    this.#runsvdir = this.#startDir(sv);
    const done = await waitForSleeps(() => this.#runsvdir?.pid ?? null, count);
    this.trackTree(this.#runsvdir.pid!);
    // runsv holds a restart back a second when ./run lived less than a second.
    return { withSupervisorMs: done - t0, intoRunningMs: null };
  }

  pids(): number[] {
    return this.#runsvdir?.pid ? supervisorTree(this.#runsvdir.pid) : [];
  }

  async restartLatency(samples: number): Promise<(number | null)[]> {
    return restartSeries(liveDescendantsNamed(this.#runsvdir!.pid!, 'sleep'), samples, (pid) => this.track(pid));
  }

  async stop(): Promise<void> {
    await this.#stopDir(this.#runsvdir);
    this.#runsvdir = null;
  }

  async flood(lines: number): Promise<FloodResult> {
    const base = this.runDir('flood');
    const sv = join(base, 'sv');
    const gen = join(sv, 'gen');
    const logDir = join(base, 'logdir');
    mkdirSync(join(gen, 'log'), { recursive: true });
    mkdirSync(logDir);
    // Rotation raised so that nothing is rotated away (the default keeps ~10 MB).
    writeFileSync(join(logDir, 'config'), 's16777216\nn1000\n');
    script(join(gen, 'run'), `#!/bin/sh\nexec ${process.execPath} ${FLOOD_SCRIPT} ${lines}\n`);
    writeFileSync(join(gen, 'down'), '');
    script(join(gen, 'log', 'run'), `#!/bin/sh\nexec svlogd ${logDir}\n`);
    const runsvdir = this.#startDir(sv);
    try {
      await waitFor('runsv for the flood service and its logger', () => existsSync(join(gen, 'supervise', 'ok')) && existsSync(join(gen, 'log', 'supervise', 'ok')) && existsSync(join(logDir, 'lock')), 10_000, 10);
      await sleep(100);
      this.trackTree(runsvdir.pid!);
      return await watchFlood({
        trigger: () => runOk('sv', ['once', gen]),
        findFlood: () => descendantsOf(runsvdir.pid!).find((pid) => (readProc(`/proc/${pid}/cmdline`) ?? '').includes(FLOOD_SCRIPT)) ?? null,
        tracker: new LogTracker(join(base, 'keep'), multilogFiles(logDir)),
        lines,
        timeoutMs: 60_000,
        checkDir: join(base, 'check'),
        note: () => 'svlogd s16777216 n1000',
      });
    } finally {
      this.trackTree(runsvdir.pid!);
      await this.#stopDir(runsvdir);
      await this.reap();
      this.discard(base);
    }
  }
}
