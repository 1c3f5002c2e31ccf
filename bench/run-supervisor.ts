// The supervisor benchmark: procform's embedded supervisor (its daemon) next to
// supervisord, s6, runit and PM2, each measured in the same run on 50 supervised
// `sleep 100000`: memory (PSS/RSS/USS from /proc/PID/smaps_rollup, also against an idle
// node), restart after kill -9, cold start of the 50, and a 200 MB log flood. Every peer
// runs in a temp dir of its own and is torn down afterwards, with a check that nothing is
// left. Prints a table. Run alone with `node --import tsx bench/run-supervisor.ts` (after
// `npm run build`), or as part of `npm run bench`.
//
// Environment: BENCH_SUP_PROCESSES (50), BENCH_SUP_RESTARTS (20), BENCH_SUP_FLOOD_LINES
// (4000000), BENCH_SUP_ONLY (comma-separated column names, e.g. "procform,s6").
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ColdStart, Driver } from './supervisor/driver.js';
import type { FloodResult } from './supervisor/flood.js';
import { LINE_BYTES } from './supervisor/flood.js';
import { median, sleep } from './supervisor/poll.js';
import { memoryOf, type Memory } from './supervisor/proc.js';
import { DAEMON_MODULES, Procform } from './supervisor/procform.js';
import { Pm2 } from './supervisor/pm2.js';
import { idleNode, type Reference } from './supervisor/reference.js';
import { Runit } from './supervisor/runit.js';
import { S6 } from './supervisor/s6.js';
import { Supervisord } from './supervisor/supervisord.js';
import { cell, formatTable, ratio } from './supervisor/table.js';

const COUNT = Number(process.env.BENCH_SUP_PROCESSES ?? 50);
const RESTARTS = Number(process.env.BENCH_SUP_RESTARTS ?? 20);
const LINES = Number(process.env.BENCH_SUP_FLOOD_LINES ?? 4_000_000);
const SETTLE_MS = 2000;

/** Targets for procform. */
const TARGET = { memoryVsIdle: 1.15, memoryVsPm2: 0.7, restartMs: 5 } as const;

/** What was measured for one supervisor. */
interface Outcome {
  readonly name: string;
  missing: string | null;
  readonly errors: string[];
  cold: ColdStart | null;
  memory: Memory | null;
  /** The idle node, measured at the same moment as `memory`. */
  idle: Memory | null;
  restarts: (number | null)[];
  flood: FloodResult | null;
  /** Processes that were still there after the teardown and had to be killed. */
  killed: number;
  detail: string;
}

/** procform's extra figures, for the analysis under the table. */
interface ProcformExtras {
  capture: FloodResult | null;
  empty: Memory | null;
  emptyIdle: Memory | null;
  modules: Memory | null;
  modulesIdle: Memory | null;
  restartCheck: string;
}

const progress = (text: string): void => {
  process.stderr.write(`supervisor bench: ${text}\n`);
};

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);

const measureOne = async (driver: Driver, idle: Reference, extras: ProcformExtras): Promise<Outcome> => {
  const outcome: Outcome = { name: driver.name, missing: driver.missing(), errors: [], cold: null, memory: null, idle: null, restarts: [], flood: null, killed: 0, detail: '' };
  outcome.detail = driver.detail();
  if (outcome.missing !== null) return outcome;
  const base = driver as Driver & { reap(): Promise<number>; removeDir(): void };
  try {
    progress(`${driver.name}: starting ${COUNT} processes`);
    outcome.cold = await driver.start(COUNT);
    await sleep(SETTLE_MS);
    outcome.memory = memoryOf(driver.pids());
    outcome.idle = memoryOf([idle.pid]);
    progress(`${driver.name}: ${RESTARTS} × kill -9`);
    outcome.restarts = await driver.restartLatency(RESTARTS);
  } catch (error) {
    outcome.errors.push(message(error));
  } finally {
    await driver.stop().catch((error: unknown) => outcome.errors.push(`stop: ${message(error)}`));
    outcome.killed += await base.reap();
  }
  if (driver instanceof Procform) {
    extras.empty = driver.emptyMemory;
    extras.emptyIdle = outcome.idle;
    extras.restartCheck = driver.restartCheck;
  }
  try {
    progress(`${driver.name}: ${(LINES * LINE_BYTES / 1e6).toFixed(0)} MB flood`);
    outcome.flood = await driver.flood(LINES);
  } catch (error) {
    outcome.errors.push(`flood: ${message(error)}`);
  } finally {
    outcome.killed += await base.reap();
  }
  if (driver instanceof Procform) {
    try {
      progress('procform: captureFlood (the log writer alone)');
      extras.capture = await driver.captureFlood(LINES);
      const modules = await idleNode(DAEMON_MODULES);
      extras.modules = memoryOf([modules.pid]);
      extras.modulesIdle = memoryOf([idle.pid]);
      await modules.stop();
    } catch (error) {
      outcome.errors.push(`captureFlood: ${message(error)}`);
    }
  }
  base.removeDir();
  return outcome;
};

const mib = (kb: number | undefined): number | null => (kb === undefined ? null : kb / 1024);
const met = (ok: boolean | null): string => (ok === null ? 'n/a' : ok ? 'met' : 'MISSED');
const atMost = (a: number | null | undefined, b: number | null | undefined, factor = 1): boolean | null =>
  a === null || a === undefined || b === null || b === undefined || Number.isNaN(a) || Number.isNaN(b) ? null : a <= b * factor;

/** Runs the supervisor benchmark and prints its table. */
export const runSupervisorBench = async (): Promise<void> => {
  const started = performance.now();
  const only = process.env.BENCH_SUP_ONLY?.split(',').map((s) => s.trim().toLowerCase());
  const all: Driver[] = [new Procform(), new Supervisord(), new S6(), new Runit(), new Pm2()];
  const drivers = all.filter((d) => !only || only.includes(d.name.toLowerCase()));
  const interrupted = (signal: NodeJS.Signals): void => {
    let killed = 0;
    for (const driver of all) killed += driver.cleanup();
    process.stderr.write(`supervisor bench: ${signal}, killed ${killed} process(es) of the benchmark\n`);
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const extras: ProcformExtras = { capture: null, empty: null, emptyIdle: null, modules: null, modulesIdle: null, restartCheck: '' };
  const idle = await idleNode();
  const outcomes: Outcome[] = [];
  try {
    for (const driver of drivers) outcomes.push(await measureOne(driver, idle, extras));
  } finally {
    await idle.stop();
    for (const driver of all) driver.cleanup();
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
  }
  print(outcomes, extras, performance.now() - started);
};

const restartMedian = (o: Outcome | undefined): number | null => {
  const done = (o?.restarts ?? []).filter((x): x is number => x !== null);
  return done.length === 0 ? null : median(done);
};

const print = (outcomes: readonly Outcome[], extras: ProcformExtras, elapsedMs: number): void => {
  const by = (name: string): Outcome | undefined => outcomes.find((o) => o.name === name);
  const pf = by('procform');
  const peers = ['supervisord', 's6', 'runit', 'PM2'];
  const s6 = by('s6');
  const sup = by('supervisord');
  const pm2 = by('PM2');

  type Pick = (o: Outcome) => number | null | undefined;
  const memRow = (label: string, key: keyof Memory): string[] => {
    const get: Pick = (o) => mib(o.memory?.[key]);
    const idleValue = mib(pf?.idle?.[key] ?? outcomes.find((o) => o.idle)?.idle?.[key]);
    const p = pf ? get(pf) : null;
    const target = key === 'ussKb' ? '' : `≤${TARGET.memoryVsIdle}× idle node: ${met(atMost(p, idleValue, TARGET.memoryVsIdle))}; ≤${TARGET.memoryVsPm2}× PM2: ${met(atMost(p, pm2 ? get(pm2) : null, TARGET.memoryVsPm2))}`;
    return row(label, get, idleValue, target, 1);
  };
  const row = (label: string, get: Pick, idleValue: number | null, target: string, digits: number): string[] => {
    const p = pf ? get(pf) : null;
    return [
      label,
      cell(p, digits),
      cell(idleValue, digits),
      ...peers.map((name) => { const o = by(name); return o ? cell(get(o), digits) : '—'; }),
      ratio(p, idleValue),
      ...peers.map((name) => { const o = by(name); return o ? ratio(p, get(o)) : '—'; }),
      target,
    ];
  };
  const floodS = (f: FloodResult | null | undefined, key: 'triggerToLogMs' | 'startToLogMs'): number | null => (f?.[key] ?? null) === null ? null : f![key]! / 1000;
  const pfRestart = restartMedian(pf);
  const rows: string[][] = [
    memRow('memory PSS, supervisor processes (MiB)', 'pssKb'),
    memRow('memory RSS, supervisor processes (MiB)', 'rssKb'),
    memRow('memory USS (private), supervisor processes (MiB)', 'ussKb'),
    row(`restart after kill -9, median of ${RESTARTS} (ms)`, restartMedian, null, `≤${TARGET.restartMs} ms: ${met(pfRestart === null ? null : pfRestart <= TARGET.restartMs)}`, 1),
    row(`cold start of ${COUNT}, supervisor already running (ms)`, (o) => o.cold?.intoRunningMs, null,
      `no slower than s6: ${met(atMost(pf?.cold?.intoRunningMs, s6?.cold?.intoRunningMs))}`, 0),
    row(`cold start of ${COUNT}, supervisor started too (ms)`, (o) => o.cold?.withSupervisorMs, null,
      `no slower than s6: ${met(atMost(pf?.cold?.withSupervisorMs, s6?.cold?.withSupervisorMs))}`, 0),
    row(`${(LINES * LINE_BYTES / 1e6).toFixed(0)} MB flood: start request → all in the log (s)`, (o) => floodS(o.flood, 'triggerToLogMs'), null,
      `no slower than supervisord: ${met(atMost(floodS(pf?.flood, 'triggerToLogMs'), floodS(sup?.flood, 'triggerToLogMs')))}`, 2),
    row(`${(LINES * LINE_BYTES / 1e6).toFixed(0)} MB flood: flood process up → all in the log (s)`, (o) => floodS(o.flood, 'startToLogMs'), null,
      `no slower than supervisord: ${met(atMost(floodS(pf?.flood, 'startToLogMs'), floodS(sup?.flood, 'startToLogMs')))}`, 2),
    ['flood: lines intact and in order', pf?.flood ? `${pf.flood.lines}` : '—', '', ...peers.map((n) => (by(n)?.flood ? `${by(n)!.flood!.lines}` : '—')), '', '', '', '', '',
      `${LINES} of ${LINES}, none lost: ${met(pf?.flood ? pf.flood.intact : null)}`],
    ['flood, log writer alone (captureFlood, no daemon) (s)', cell(floodS(extras.capture, 'triggerToLogMs'), 2), '', cell(floodS(sup?.flood, 'triggerToLogMs'), 2), '', '', '', '',
      ratio(floodS(extras.capture, 'triggerToLogMs'), floodS(sup?.flood, 'triggerToLogMs')), '', '', '',
      `vs supervisord: ${met(atMost(floodS(extras.capture, 'triggerToLogMs'), floodS(sup?.flood, 'triggerToLogMs')))}; intact: ${met(extras.capture ? extras.capture.intact : null)}`],
  ];
  const header = ['measurement', 'procform', 'idle node', ...peers, 'pf÷idle', ...peers.map((p) => `pf÷${p}`), 'target for procform'];
  console.log('');
  console.log(`supervisor benchmark: ${COUNT} × sleep 100000 supervised, ${RESTARTS} kills, ${LINES} × ${LINE_BYTES}-byte lines; node ${process.version}, ${cpus().length} cores; one run, all side by side (${(elapsedMs / 1000).toFixed(0)} s)`);
  for (const o of outcomes) if (o.missing) console.log(`  ${o.name}: ${o.missing}`);
  console.log(formatTable(header, rows));
  console.log('');
  console.log('notes:');
  for (const o of outcomes) {
    if (o.missing) continue;
    const done = o.restarts.filter((x): x is number => x !== null);
    const restarts = done.length > 0 ? `restarts ${Math.min(...done).toFixed(1)}–${Math.max(...done).toFixed(1)} ms${done.length < o.restarts.length ? `, ${o.restarts.length - done.length} not back within 5 s` : ''}` : 'no restart measured';
    const flood = o.flood ? `flood: ${o.flood.files} file(s), ${o.flood.bytes} bytes, ${o.flood.intact ? 'intact' : `NOT intact: ${o.flood.problem}`}${o.flood.note ? `; ${o.flood.note}` : ''}` : 'no flood result';
    console.log(`  ${o.name}: ${o.detail}`);
    console.log(`    ${o.memory ? `${o.memory.processes} process(es) measured; ` : ''}${restarts}; ${flood}`);
    console.log(`    teardown: ${o.killed === 0 ? 'nothing left behind (tracked processes, and /proc scanned for the run\'s dir and marker)' : `${o.killed} process(es) were left and had to be killed`}`);
    for (const error of o.errors) console.log(`    ERROR: ${error}`);
  }
  if (pf && !pf.missing) {
    const f = (m: Memory | null): string => (m ? `PSS ${cell(m.pssKb / 1024)} / RSS ${cell(m.rssKb / 1024)} / USS ${cell(m.ussKb / 1024)} MiB` : '—');
    console.log('  procform memory, step by step (each next to the idle node measured at the same moment):');
    console.log(`    idle node ${f(extras.modulesIdle)}; idle node + the daemon's modules imported ${f(extras.modules)}`);
    console.log(`    idle node ${f(extras.emptyIdle)}; daemon running, nothing deployed ${f(extras.empty)}; daemon with ${COUNT} processes ${f(pf.memory)}`);
    if (extras.restartCheck) console.log(`    ${extras.restartCheck}`);
    if (extras.capture) console.log(`    captureFlood: ${extras.capture.intact ? 'intact' : `NOT intact: ${extras.capture.problem}`}; ${extras.capture.note}`);
  }
  console.log('  PSS splits shared pages (node\'s binary, libc) among the processes mapping them; node processes run here besides the one measured (npm, this benchmark, the idle node), the same for procform and PM2. USS counts private pages only.');
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runSupervisorBench();
}
