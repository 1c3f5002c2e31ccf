// s6 (Debian `s6`): s6-svscan on a scan dir in the temp dir, one s6-supervise per service.
// Run scripts signal readiness on fd 3 (`notification-fd`): without it s6-supervise waits
// 1 s before every restart, with it a service that was up more than a second comes back
// at once — the fastest s6 can do.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BaseDriver, restartSeries, waitForSleeps, type ColdStart } from './driver.js';
import { FLOOD_SCRIPT, LogTracker, multilogFiles, watchFlood, type FloodResult } from './flood.js';
import { descendantsOf, liveDescendantsNamed, readProc, supervisorTree } from './proc.js';
import { installed, run, runOk, waitFor } from './poll.js';

const SLEEP_RUN = '#!/bin/sh\necho >&3\nexec 3>&-\nexec /bin/sleep 100000\n';

const script = (path: string, text: string): void => {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
};

const service = (dir: string): void => {
  mkdirSync(dir, { recursive: true });
  script(join(dir, 'run'), SLEEP_RUN);
  writeFileSync(join(dir, 'notification-fd'), '3\n');
};

export class S6 extends BaseDriver {
  readonly name = 's6';
  #svscan: ChildProcess | null = null;
  #scan = '';

  detail(): string {
    return 's6-svscan + one s6-supervise per service; run scripts `exec /bin/sleep 100000` after signalling readiness (notification-fd 3)';
  }

  missing(): string | null {
    return installed('s6-svscan') ? null : 'not installed (apt-get install s6)';
  }

  #startScan(scan: string): ChildProcess {
    const child = spawn('s6-svscan', [scan], { env: this.env(), stdio: 'ignore' });
    child.on('error', () => {});
    this.track(child.pid!);
    return child;
  }

  async #stopScan(scan: string, child: ChildProcess | null): Promise<void> {
    if (child === null) return;
    if (child.exitCode === null && child.signalCode === null) {
      run('s6-svscanctl', ['-t', scan], { timeoutMs: 5000 });
      await waitFor('s6-svscan to exit', () => child.exitCode !== null || child.signalCode !== null, 15_000, 10).catch(() => child.kill('SIGKILL'));
    }
  }

  async start(count: number): Promise<ColdStart> {
    // Cold: s6-svscan started on a scan dir holding every service.
    const base = this.runDir('start');
    const cold = join(base, 'scan-cold');
    for (let i = 0; i < count; i++) service(join(cold, `p${i}`));
    const t0 = performance.now();
    const first = this.#startScan(cold);
    const coldDone = await waitForSleeps(() => first.pid ?? null, count);
    this.trackTree(first.pid!);
    await this.#stopScan(cold, first);
    // Into a running s6-svscan: services moved into its scan dir, then a rescan.
    this.#scan = join(base, 'scan');
    mkdirSync(this.#scan);
    const staging = join(base, 'staging');
    for (let i = 0; i < count; i++) service(join(staging, `p${i}`));
    this.#svscan = this.#startScan(this.#scan);
    await waitFor('s6-svscan to be up', () => existsSync(join(this.#scan, '.s6-svscan', 'control')), 5000, 2);
    const t1 = performance.now();
    for (let i = 0; i < count; i++) renameSync(join(staging, `p${i}`), join(this.#scan, `p${i}`));
    runOk('s6-svscanctl', ['-a', this.#scan], { timeoutMs: 5000 });
    const warmDone = await waitForSleeps(() => this.#svscan?.pid ?? null, count);
    this.trackTree(this.#svscan.pid!);
    return { withSupervisorMs: coldDone - t0, intoRunningMs: warmDone - t1 };
  }

  pids(): number[] {
    return this.#svscan?.pid ? supervisorTree(this.#svscan.pid) : [];
  }

  async restartLatency(samples: number): Promise<(number | null)[]> {
    return restartSeries(liveDescendantsNamed(this.#svscan!.pid!, 'sleep'), samples, (pid) => this.track(pid));
  }

  async stop(): Promise<void> {
    await this.#stopScan(this.#scan, this.#svscan);
    this.#svscan = null;
  }

  async flood(lines: number): Promise<FloodResult> {
    const base = this.runDir('flood');
    const scan = join(base, 'scan');
    const gen = join(scan, 'gen');
    const logDir = join(base, 'logdir');
    mkdirSync(join(gen, 'log'), { recursive: true });
    script(join(gen, 'run'), `#!/bin/sh\nexec ${process.execPath} ${FLOOD_SCRIPT} ${lines}\n`);
    writeFileSync(join(gen, 'down'), '');
    // Rotation raised so that nothing is rotated away (the default keeps ~1 MB).
    script(join(gen, 'log', 'run'), `#!/bin/sh\nexec s6-log n1000 s16777216 ${logDir}\n`);
    const svscan = this.#startScan(scan);
    try {
      await waitFor('the flood service and its logger', () => run('s6-svok', [gen]).status === 0 && run('s6-svok', [join(gen, 'log')]).status === 0 && existsSync(logDir), 10_000, 10);
      this.trackTree(svscan.pid!);
      return await watchFlood({
        trigger: () => runOk('s6-svc', ['-o', gen]),
        findFlood: () => descendantsOf(svscan.pid!).find((pid) => (readProc(`/proc/${pid}/cmdline`) ?? '').includes(FLOOD_SCRIPT)) ?? null,
        tracker: new LogTracker(join(base, 'keep'), multilogFiles(logDir)),
        lines,
        timeoutMs: 60_000,
        checkDir: join(base, 'check'),
        note: () => 's6-log n1000 s16777216',
      });
    } finally {
      this.trackTree(svscan.pid!);
      await this.#stopScan(scan, svscan);
      await this.reap();
      this.discard(base);
    }
  }
}
