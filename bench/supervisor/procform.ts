// procform's embedded supervisor, run the way the CLI runs it: the daemon (started by the
// embedded backend's `ensureDaemon`, which runs the bundle dist/supervisor/daemon.cjs) driven over
// its socket with `connectControl`. Generations are built with the CLI
// (`procform build -P embedded`). Everything comes from dist/, which `npm run bench` builds.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SupervisorControl } from '../../src/backends/embedded/control.js';
import { BaseDriver, restartSeries, waitForSleeps, type ColdStart } from './driver.js';
import { FLOOD_SCRIPT, LINE_BYTES, LogTracker, rotatedFiles, watchFlood, type FloodResult } from './flood.js';
import { descendantsOf, isLive, readProc, supervisorTree } from './proc.js';
import { runOk, sleep, waitFor } from './poll.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'dist');
const BIN = join(ROOT, 'bin', 'procform.js');
/**
 * The daemon script, for the one start that is timed and so cannot go through
 * `ensureDaemon` (it polls every 25 ms): the bundle the CLI runs, else the plain module.
 * Each run checks that `ensureDaemon` started the same script.
 */
const daemonScript = (): string => {
  const bundle = join(DIST, 'supervisor', 'daemon.cjs');
  return existsSync(bundle) ? bundle : join(DIST, 'supervisor', 'daemon-main.js');
};
/** What daemon-main.js imports, unbundled: loaded into an idle node, it shows what the ES modules cost. */
export const DAEMON_MODULES = ['supervisor/supervisor.js', 'supervisor/local-control.js', 'supervisor/server.js', 'backends/embedded/state-file.js', 'backends/embedded/paths.js'].map((m) => join(DIST, m));

/** The compiled modules the benchmark uses, typed from their sources. */
interface Modules {
  readonly client: typeof import('../../src/backends/embedded/client.js');
  readonly access: typeof import('../../src/backends/embedded/daemon.js');
  readonly paths: typeof import('../../src/backends/embedded/paths.js');
  readonly generation: typeof import('../../src/supervisor/generation-services.js');
}

const load = async <T>(module: string): Promise<T> => (await import(pathToFileURL(join(DIST, module)).href)) as T;

let modules: Promise<Modules> | undefined;
const dist = (): Promise<Modules> => (modules ??= (async () => ({
  client: await load('backends/embedded/client.js'),
  access: await load('backends/embedded/daemon.js'),
  paths: await load('backends/embedded/paths.js'),
  generation: await load('supervisor/generation-services.js'),
}))());

/** Rejects after `ms`: no call to the daemon may hang the benchmark. */
const within = <T>(what: string, promise: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms); }),
  ]);
};

const sleepersModel = (count: number): string => `import { createManagedProcess, defineProcesses } from 'procform';

export default defineProcesses(() => Object.fromEntries(Array.from({ length: ${count} }, (_, i) => [\`p\${i}\`, {
  pkg: createManagedProcess({ name: \`p\${i}\`, foregroundProcess: '/bin/sleep', args: ['100000'], restart: 'always' }),
}])));
`;

const floodModel = (lines: number): string => `import { createManagedProcess, defineProcesses } from 'procform';

export default defineProcesses(() => ({
  flood: { pkg: createManagedProcess({ name: 'flood', foregroundProcess: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(FLOOD_SCRIPT)}, '${lines}'], restart: 'no' }) },
}));
`;

/** One running daemon of this driver. */
interface Daemon {
  readonly control: SupervisorControl;
  readonly pid: number;
}

export class Procform extends BaseDriver {
  readonly name = 'procform';
  #daemon: Daemon | null = null;
  /** What status() said after the restarts. */
  restartCheck = '';

  detail(): string {
    return `daemon (node ${process.version}, ${daemonScript().slice(ROOT.length)} via ensureDaemon); 50 × createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['100000'], restart: 'always' })`;
  }

  missing(): string | null {
    for (const file of [daemonScript(), join(DIST, 'supervisor', 'supervisor.js'), join(DIST, 'cli', 'supervisor-access.js'), join(DIST, 'cli', 'main.js')]) {
      if (!existsSync(file)) return `not built (${file.slice(ROOT.length)} missing: npm run build)`;
    }
    return null;
  }

  /** Writes a model and builds it for the embedded backend with the CLI; returns the generation's store path. */
  #build(dir: string, source: string): string {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'processes.ts'), source);
    const out = runOk(process.execPath, [BIN, 'build', '-q', '-P', 'embedded', '-f', join(dir, 'processes.ts'), '--state-dir', join(dir, 'state'), '--force-disable-user-change'], { timeoutMs: 60_000, cwd: dir });
    const generation = out.stdout.trim().split('\n').pop() ?? '';
    if (!existsSync(generation)) throw new Error(`procform build printed no generation path: ${out.stdout.slice(-300)}`);
    return generation;
  }

  /** Starts a daemon the way a switch does (ensureDaemon), for runtime and log dirs under `name`. */
  async #ensure(dir: string): Promise<Daemon> {
    const { access, paths } = await dist();
    const supervisor = paths.supervisorPaths(join(dir, 'run'), join(dir, 'log'));
    const control = await within('ensureDaemon', access.ensureDaemon(supervisor), 15_000);
    const { pid } = await within('status', control.status(), 10_000);
    this.track(pid);
    return { control, pid };
  }

  async #shutdown(daemon: Daemon | null): Promise<void> {
    if (daemon === null || !isLive(daemon.pid)) return;
    this.trackTree(daemon.pid);
    await within('shutdown', daemon.control.shutdown(), 15_000).catch(() => {
      try {
        process.kill(daemon.pid, 'SIGTERM');
      } catch {
        // Gone.
      }
    });
    await waitFor('the procform daemon to exit', () => !isLive(daemon.pid), 10_000, 10).catch(() => process.kill(daemon.pid, 'SIGKILL'));
  }

  async #apply(control: SupervisorControl, generation: string): Promise<void> {
    const result = await within('apply', control.apply(generation), 60_000);
    if (result.failed.length > 0) throw new Error(`procform apply failed: ${result.failed.map((f) => `${f.instance}: ${f.reason}`).join('; ')}`);
  }

  async start(count: number): Promise<ColdStart> {
    const { client, paths, access } = await dist();
    const base = this.runDir('start');
    const generation = this.#build(join(base, 'model'), sleepersModel(count));

    // Cold, daemon included: spawned exactly as ensureDaemon spawns it (which polls every
    // 25 ms, too coarse to time), then the generation applied as soon as it answers.
    const cold = paths.supervisorPaths(join(base, 'cold', 'run'), join(base, 'cold', 'log'));
    mkdirSync(dirname(cold.daemonLog), { recursive: true });
    const log = openSync(cold.daemonLog, 'a');
    const t0 = performance.now();
    const script = daemonScript();
    const child: ChildProcess = spawn(process.execPath, access.daemonArguments(dirname(cold.dir), join(base, 'cold', 'log')), { detached: true, stdio: ['ignore', log, log], env: this.env() });
    closeSync(log);
    child.on('error', () => {});
    this.track(child.pid!);
    await waitFor('the procform daemon to answer', async () => (await client.supervisorRunning(cold.socket)) || child.exitCode !== null, 15_000, 1);
    if (child.exitCode !== null) throw new Error(`the procform daemon exited ${child.exitCode}; see ${cold.daemonLog}`);
    const coldControl = client.connectControl(cold.socket);
    const coldApply = this.#apply(coldControl, generation);
    const coldDone = await waitForSleeps(() => child.pid ?? null, count);
    await coldApply;
    await this.#shutdown({ control: coldControl, pid: child.pid! });

    // Into a running, empty daemon started by the embedded backend's ensureDaemon.
    this.#daemon = await this.#ensure(join(base, 'main'));
    const cmdline = (readProc(`/proc/${this.#daemon.pid}/cmdline`) ?? '').split('\0');
    if (!cmdline.includes(script)) throw new Error(`ensureDaemon ran ${cmdline.slice(0, 2).join(' ')}, not ${script}: update daemonScript() in bench/supervisor/procform.ts`);
    await sleep(200);
    const t1 = performance.now();
    const apply = this.#apply(this.#daemon.control, generation);
    const done = await waitForSleeps(() => this.#daemon?.pid ?? null, count);
    await apply;
    this.trackTree(this.#daemon.pid);
    return { withSupervisorMs: coldDone - t0, intoRunningMs: done - t1 };
  }

  pids(): number[] {
    return this.#daemon ? supervisorTree(this.#daemon.pid) : [];
  }

  async restartLatency(samples: number): Promise<(number | null)[]> {
    const control = this.#daemon!.control;
    const before = await within('status', control.status(), 10_000);
    const victims = before.processes.filter((p) => p.state === 'ready' && p.pid !== null).map((p) => p.pid!);
    const times = restartSeries(victims, samples, (pid) => this.track(pid));
    // The status must agree: every killed service restarted once, under a new pid.
    await sleep(100);
    const after = await within('status', control.status(), 10_000);
    const restarted = after.processes.filter((p) => p.restarts > 0 && p.state === 'ready');
    const changed = after.processes.filter((p) => p.pid !== null && !victims.includes(p.pid));
    this.restartCheck = `status() after the kills: ${restarted.length} restarted and ready, ${changed.length} with a new pid, ${after.processes.filter((p) => p.state === 'ready').length}/${after.processes.length} ready`;
    return times;
  }

  async stop(): Promise<void> {
    await this.#shutdown(this.#daemon);
    this.#daemon = null;
  }

  /** A daemon with nothing deployed (for the memory breakdown); the caller stops it. */
  async emptyDaemon(): Promise<{ readonly pid: number; stop(): Promise<void> }> {
    const daemon = await this.#ensure(join(this.runDir('empty'), 'daemon'));
    return {
      pid: daemon.pid,
      stop: async () => {
        await this.#shutdown(daemon);
      },
    };
  }

  async flood(lines: number): Promise<FloodResult> {
    const { generation: gen } = await dist();
    const base = this.runDir('flood');
    const generation = this.#build(join(base, 'model'), floodModel(lines));
    const logFile = gen.loadGeneration(generation).services.get('flood')?.service.logFile;
    if (logFile === undefined) throw new Error('the flood generation has no "flood" service');
    const files = rotatedFiles(dirname(logFile), basename(logFile));
    const daemon = await this.#ensure(join(base, 'daemon'));
    try {
      return await watchFlood({
        trigger: () => this.#apply(daemon.control, generation),
        findFlood: () => descendantsOf(daemon.pid).find((pid) => (readProc(`/proc/${pid}/cmdline`) ?? '').includes(FLOOD_SCRIPT)) ?? null,
        tracker: new LogTracker(join(base, 'keep'), files),
        lines,
        timeoutMs: 60_000,
        checkDir: join(base, 'check'),
        note: () => {
          let kept = 0;
          for (const file of files()) kept += statSync(file).size;
          return `the log files keep only the last ${(kept / 1e6).toFixed(0)} MB (${files().length} files: the daemon rotates at 10 MiB and keeps 5, with no setting to change it); the benchmark keeps a hard link to every rotated file for the check, which also spares the daemon freeing the pages of the files it drops`;
        },
      });
    } finally {
      this.trackTree(daemon.pid);
      await this.#shutdown(daemon);
      await this.reap();
      this.discard(base);
    }
  }

  /**
   * The log writer alone: `captureFlood` (spawn, pipes, the daemon's writer, rotation at
   * 10 MiB) in a fresh node process of its own, keeping enough rotated files for the whole
   * flood so the check can see every line.
   */
  async captureFlood(lines: number): Promise<FloodResult> {
    const dir = this.runDir('capture');
    const maxBytes = 10 * 1024 * 1024;
    const options = { command: process.execPath, args: [FLOOD_SCRIPT, String(lines)], path: join(dir, 'flood.log'), maxBytes, keep: Math.ceil((lines * LINE_BYTES) / maxBytes) + 1 };
    const script = `import { captureFlood } from ${JSON.stringify(pathToFileURL(join(DIST, 'supervisor', 'logs', 'flood-capture.js')).href)};
process.stdout.write(JSON.stringify(await captureFlood(${JSON.stringify(options)})));`;
    const out = runOk(process.execPath, ['--input-type=module', '-e', script], { timeoutMs: 120_000, env: this.env() });
    this.discard(dir);
    const result = JSON.parse(out.stdout) as import('../../src/logs/flood-capture.js').FloodCaptureResult;
    const intact = result.intact && result.lines === lines && result.bytes === lines * LINE_BYTES;
    return {
      triggerToLogMs: result.totalMs,
      startToLogMs: null,
      lines: result.lines,
      bytes: result.bytes,
      files: result.files,
      intact,
      problem: result.problem,
      note: `rotation at 10 MiB keeping ${options.keep} files; ${result.ms.toFixed(0)} ms from the child's exit to its last byte in the log`,
    };
  }
}
