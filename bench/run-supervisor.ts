// The supervisor benchmark: procform's embedded supervisor (its daemon) next to
// supervisord, s6, runit and PM2, each measured in the same run on 50 supervised
// `sleep 100000`: memory (PSS/RSS/USS from /proc/PID/smaps_rollup, also against an idle
// node), restart after kill -9, cold start of the 50, and a 200 MB log flood. Every peer
// runs in a temp dir of its own and is torn down afterwards, with a check that nothing is
// left. Prints a table. Run alone with `node --import tsx bench/run-supervisor.ts` (after
// `npm run build`), or as part of `npm run bench`.
//
// Cold starts and floods are run BENCH_SUP_RUNS times (3) and the median shown; memory
// is read once, after the last cold start; restart latency is the median of
// BENCH_SUP_RESTARTS kills (20) of different services.
//
// Environment: BENCH_SUP_PROCESSES (50), BENCH_SUP_RESTARTS (20), BENCH_SUP_RUNS (3),
// BENCH_SUP_FLOOD_LINES (4000000), BENCH_SUP_ONLY (comma-separated column names, e.g. "procform,s6").
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
const RUNS = Math.max(1, Number(process.env.BENCH_SUP_RUNS ?? 3));
const LINES = Number(process.env.BENCH_SUP_FLOOD_LINES ?? 4_000_000);
const SETTLE_MS = 2000;

/** Targets for procform. */
const TARGET = { memoryVsIdle: 1.15, memoryVsPm2: 0.7, restartMs: 5 } as const;

/** What was measured for one supervisor. */
interface Outcome {
  readonly name: string;
  missing: string | null;
  readonly errors: string[];
  readonly colds: ColdStart[];
  memory: Memory | null;
  /** The idle node, measured at the same moment as `memory`. */
  idle: Memory | null;
  restarts: (number | null)[];
  readonly floods: FloodResult[];
  /** Processes that were still there after the teardown and had to be killed. */
  killed: number;
  detail: string;
  /** Wall-clock seconds this supervisor's part of the benchmark took. */
  seconds: number;
  leftovers: string[];
}

/** procform's extra figures, for the analysis under the table. */
interface ProcformExtras {
  readonly captures: FloodResult[];
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
  const outcome: Outcome = { name: driver.name, missing: driver.missing(), errors: [], colds: [], memory: null, idle: null, restarts: [], floods: [], killed: 0, detail: '', seconds: 0, leftovers: [] };
  const started = performance.now();
  outcome.detail = driver.detail();
  if (outcome.missing !== null) return outcome;
  const base = driver as Driver & { reap(): Promise<number>; removeDir(): void };
  try {
    for (let run = 1; run <= RUNS; run++) {
      progress(`${driver.name}: cold start of ${COUNT} processes (${run}/${RUNS})`);
      outcome.colds.push(await driver.start(COUNT));
      if (run === RUNS) break;
      await driver.stop();
      outcome.killed += await base.reap();
    }
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
    for (let run = 1; run <= RUNS; run++) {
      progress(`${driver.name}: ${(LINES * LINE_BYTES / 1e6).toFixed(0)} MB flood (${run}/${RUNS})`);
      outcome.floods.push(await driver.flood(LINES));
    }
  } catch (error) {
    outcome.errors.push(`flood: ${message(error)}`);
  } finally {
    outcome.killed += await base.reap();
  }
  if (driver instanceof Procform) {
    try {
      for (let run = 1; run <= RUNS; run++) {
        progress(`procform: captureFlood, the log writer alone (${run}/${RUNS})`);
        extras.captures.push(await driver.captureFlood(LINES));
      }
      const modules = await idleNode(DAEMON_MODULES);
      extras.modules = memoryOf([modules.pid]);
      extras.modulesIdle = memoryOf([idle.pid]);
      await modules.stop();
    } catch (error) {
      outcome.errors.push(`captureFlood: ${message(error)}`);
    }
  }
  base.removeDir();
  outcome.seconds = (performance.now() - started) / 1000;
  outcome.leftovers = [...driver.leftovers];
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
  const extras: ProcformExtras = { captures: [], empty: null, emptyIdle: null, modules: null, modulesIdle: null, restartCheck: '' };
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

const medianOf = (values: readonly (number | null | undefined)[]): number | null => {
  const known = values.filter((v): v is number => v !== null && v !== undefined);
  return known.length === 0 ? null : median(known);
};

/** The median run of several floods, with intact only when every run was, and the fewest lines. */
const floodSummary = (floods: readonly FloodResult[]): FloodResult | null => {
  if (floods.length === 0) return null;
  const broken = floods.find((f) => !f.intact);
  return {
    triggerToLogMs: medianOf(floods.map((f) => f.triggerToLogMs)),
    startToLogMs: medianOf(floods.map((f) => f.startToLogMs)),
    lines: Math.min(...floods.map((f) => f.lines)),
    bytes: Math.min(...floods.map((f) => f.bytes)),
    files: floods[0]!.files,
    intact: broken === undefined,
    problem: broken?.problem ?? null,
    note: floods[0]!.note,
  };
};

const coldMedian = (o: Outcome | undefined, key: keyof ColdStart): number | null => medianOf((o?.colds ?? []).map((c) => c[key]));

const runs = (values: readonly (number | null | undefined)[], scale = 1, digits = 0): string =>
  `[${values.map((v) => (v === null || v === undefined ? '—' : (v / scale).toFixed(digits))).join(', ')}]`;

const restartMedian = (o: Outcome | undefined): number | null => {
  const done = (o?.restarts ?? []).filter((x): x is number => x !== null);
  return done.length === 0 ? null : median(done);
};

const print = (outcomes: readonly Outcome[], extras: ProcformExtras, elapsedMs: number): void => {
  const by = (name: string): Outcome | undefined => outcomes.find((o) => o.name === name && o.missing === null);
  const pf = by('procform');
  const peers = ['supervisord', 's6', 'runit', 'PM2'];
  const s6 = by('s6');
  const sup = by('supervisord');
  const pm2 = by('PM2');
  const flood = new Map(outcomes.map((o) => [o.name, floodSummary(o.floods)]));
  const capture = floodSummary(extras.captures);
  const seconds = (ms: number | null | undefined): number | null => (ms === null || ms === undefined ? null : ms / 1000);

  type Pick = (o: Outcome) => number | null | undefined;
  /** A row: procform, the idle node, each peer, procform's ratio to the idle node and to each peer, the target. */
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
  const memRow = (label: string, key: keyof Memory, judged: boolean): string[] => {
    const get: Pick = (o) => mib(o.memory?.[key]);
    const idleValue = mib((pf?.idle ?? outcomes.find((o) => o.idle)?.idle)?.[key]);
    const p = pf ? get(pf) : null;
    const target = judged ? `≤${TARGET.memoryVsIdle}× idle node: ${met(atMost(p, idleValue, TARGET.memoryVsIdle))}; ≤${TARGET.memoryVsPm2}× PM2: ${met(atMost(p, pm2 ? get(pm2) : null, TARGET.memoryVsPm2))}` : '(not a target)';
    return row(label, get, idleValue, target, 1);
  };
  const pfRestart = restartMedian(pf);
  const floodLabel = `${(LINES * LINE_BYTES / 1e6).toFixed(0)} MB flood`;
  const supFlood = seconds(flood.get('supervisord')?.triggerToLogMs);
  const rows: string[][] = [
    memRow('memory PSS, supervisor processes (MiB)', 'pssKb', true),
    memRow('memory RSS, supervisor processes (MiB)', 'rssKb', true),
    memRow('memory USS (private), supervisor processes (MiB)', 'ussKb', false),
    row(`restart after kill -9, median of ${RESTARTS} (ms)`, restartMedian, null, `≤${TARGET.restartMs} ms: ${met(pfRestart === null ? null : pfRestart <= TARGET.restartMs)}`, 1),
    row(`cold start of ${COUNT}, supervisor already running (ms)`, (o) => coldMedian(o, 'intoRunningMs'), null,
      `no slower than s6: ${met(atMost(coldMedian(pf, 'intoRunningMs'), coldMedian(s6, 'intoRunningMs')))}`, 0),
    row(`cold start of ${COUNT}, supervisor started too (ms)`, (o) => coldMedian(o, 'withSupervisorMs'), null,
      `no slower than s6: ${met(atMost(coldMedian(pf, 'withSupervisorMs'), coldMedian(s6, 'withSupervisorMs')))}`, 0),
    row(`${floodLabel}: start request → all in the log (s)`, (o) => seconds(flood.get(o.name)?.triggerToLogMs), null,
      `no slower than supervisord: ${met(atMost(seconds(flood.get('procform')?.triggerToLogMs), supFlood))}`, 2),
    row(`${floodLabel}: flood process up → all in the log (s)`, (o) => seconds(flood.get(o.name)?.startToLogMs), null,
      `no slower than supervisord: ${met(atMost(seconds(flood.get('procform')?.startToLogMs), seconds(flood.get('supervisord')?.startToLogMs)))}`, 2),
    row(`${floodLabel}: lines intact and in order (fewest of ${RUNS} runs)`, (o) => flood.get(o.name)?.lines, null,
      `${LINES} of ${LINES} in every run: ${met(pf && flood.get('procform') ? flood.get('procform')!.intact && flood.get('procform')!.lines === LINES : null)}`, 0),
    ['flood, log writer alone (captureFlood, no daemon) (s)', cell(seconds(capture?.triggerToLogMs), 2), '', cell(supFlood, 2), '—', '—', '—', '—',
      ratio(seconds(capture?.triggerToLogMs), supFlood), '—', '—', '—',
      `no slower than supervisord: ${met(atMost(seconds(capture?.triggerToLogMs), supFlood))}; intact: ${met(capture ? capture.intact : null)}`],
  ];
  const header = ['measurement', 'procform', 'idle node', ...peers, 'pf÷idle', ...peers.map((p) => `pf÷${p}`), 'target for procform'];
  console.log('');
  console.log(`supervisor benchmark: ${COUNT} × sleep 100000 supervised; node ${process.version}, ${cpus().length} cores; all side by side in one run (${(elapsedMs / 1000).toFixed(0)} s)`);
  console.log(`cold starts and floods: median of ${RUNS} runs; memory: once, ${SETTLE_MS / 1000} s after the last cold start; restarts: ${RESTARTS} different services killed one after the other`);
  for (const o of outcomes) if (o.missing) console.log(`  ${o.name}: ${o.missing}`);
  console.log(formatTable(header, rows));
  console.log('');
  console.log('notes:');
  for (const o of outcomes) {
    if (o.missing) continue;
    const done = o.restarts.filter((x): x is number => x !== null);
    const restarts = done.length > 0 ? `restarts ${Math.min(...done).toFixed(1)}–${Math.max(...done).toFixed(1)} ms${done.length < o.restarts.length ? `, ${o.restarts.length - done.length} not back within 5 s` : ''}` : 'no restart measured';
    const f = flood.get(o.name);
    const floodNote = f ? `flood ${runs(o.floods.map((x) => x.triggerToLogMs), 1000, 2)} s, ${f.files} file(s), ${f.intact ? 'every run intact' : `NOT intact: ${f.problem}`}${f.note ? `; ${f.note}` : ''}` : 'no flood result';
    console.log(`  ${o.name} (${o.seconds.toFixed(0)} s): ${o.detail}`);
    console.log(`    cold start ${runs(o.colds.map((c) => c.intoRunningMs))} ms into a running supervisor, ${runs(o.colds.map((c) => c.withSupervisorMs))} ms with its start; ${o.memory ? `${o.memory.processes} process(es) measured; ` : ''}${restarts}`);
    console.log(`    ${floodNote}`);
    console.log(`    teardown: ${o.killed === 0 ? 'nothing left behind (every process it caused is gone; /proc scanned for its dir and marker)' : `${o.killed} process(es) were left and had to be killed`}`);
    for (const left of o.leftovers) console.log(`    left over: ${left}`);
    for (const error of o.errors) console.log(`    ERROR: ${error}`);
  }
  if (pf) {
    const m = (x: Memory | null): string => (x ? `PSS ${cell(x.pssKb / 1024)} / RSS ${cell(x.rssKb / 1024)} / USS ${cell(x.ussKb / 1024)} MiB` : '—');
    console.log('  procform memory step by step (each next to the idle node measured at the same moment):');
    console.log(`    idle node ${m(extras.modulesIdle)}; an idle node that imported the daemon's modules ${m(extras.modules)}`);
    console.log(`    idle node ${m(extras.emptyIdle)}; daemon with nothing deployed ${m(extras.empty)}; daemon with ${COUNT} processes ${m(pf.memory)}`);
    if (extras.restartCheck) console.log(`    ${extras.restartCheck}`);
    if (capture) console.log(`    captureFlood ${runs(extras.captures.map((c) => c.triggerToLogMs), 1000, 2)} s: ${capture.intact ? 'every run intact' : `NOT intact: ${capture.problem}`}; ${capture.note}`);
  }
  console.log('  PSS splits shared pages (node\'s binary, libc) among all processes mapping them, so it depends on what else runs; USS counts private pages only.');
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runSupervisorBench();
}
