// The supervisor benchmark: procform's embedded supervisor (its daemon) next to
// supervisord, s6, runit and PM2, each measured in the same run on 50 supervised
// `sleep 100000`: memory (PSS/RSS/USS from /proc/PID/smaps_rollup, also against an idle
// node), restart after kill -9, cold start of the 50, and a 200 MB log flood. Every peer
// runs in a temp dir of its own and is torn down afterwards, with a check that nothing is
// left. Prints a table. Run alone with `node --import tsx bench/run-supervisor.ts` (after
// `npm run build`), or as part of `npm run bench`.
//
// Cold starts are run BENCH_SUP_RUNS times (3) and floods BENCH_SUP_FLOOD_RUNS times (5),
// and the medians shown. Memory is read with every supervisor up at once (the last cold
// start of each), three times, so that node processes share node's pages alike. Restart
// latency is the median over BENCH_SUP_RESTARTS kills (20), each of a different service.
//
// Environment: BENCH_SUP_PROCESSES (50), BENCH_SUP_RESTARTS (20), BENCH_SUP_RUNS (3),
// BENCH_SUP_FLOOD_RUNS (5), BENCH_SUP_FLOOD_LINES (4000000), BENCH_SUP_ONLY (column names,
// comma-separated, e.g. "procform,s6").
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BaseDriver, ColdStart } from './supervisor/driver.js';
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
const FLOOD_RUNS = Math.max(1, Number(process.env.BENCH_SUP_FLOOD_RUNS ?? 5));
const LINES = Number(process.env.BENCH_SUP_FLOOD_LINES ?? 4_000_000);
/**
 * Memory is read once every supervisor has run this long since its last start: node's
 * heap shrinks ~8 s after a burst of work (V8's memory reducer), and steady state is
 * what a supervisor costs.
 */
const SETTLE_MS = 10_000;
/** Memory readings, 5 s apart: the lowest counts (see {@link lowestMemory}). */
const MEMORY_READINGS = 3;
const MEMORY_SPACING_MS = 5000;

/**
 * The lowest of several readings, field by field. A node process keeps a young generation
 * grown by a burst of work until V8's memory reducer shrinks it, some seconds after the
 * burst but not at a fixed time (by 5–7 MiB for the daemon after deploying 50 processes),
 * so the lowest reading is its steady state; processes without a garbage collector read
 * the same every time.
 */
const lowestMemory = (readings: readonly Memory[]): Memory => ({
  rssKb: Math.min(...readings.map((r) => r.rssKb)),
  pssKb: Math.min(...readings.map((r) => r.pssKb)),
  ussKb: Math.min(...readings.map((r) => r.ussKb)),
  processes: Math.max(...readings.map((r) => r.processes)),
});

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
  modules: Memory | null;
  /** The idle node, measured at the same moment as `empty` and `modules`. */
  breakdownIdle: Memory | null;
  restartCheck: string;
}

const progress = (text: string): void => {
  process.stderr.write(`supervisor bench: ${text}\n`);
};

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);

/** A driver with the shared teardown of the base class. */
type Driven = BaseDriver;

/** One supervisor under measurement. */
interface Entry {
  readonly driver: Driven;
  readonly outcome: Outcome;
  /** Whether its 50 processes are up for the memory and restart phases. */
  running: boolean;
  /** When its last cold start ended (performance.now()). */
  startedAt: number;
}

/** Runs `step` for an entry, timing it and recording (not throwing) its error. */
const step = async (entry: Entry, what: string, body: () => Promise<void>): Promise<boolean> => {
  const started = performance.now();
  try {
    await body();
    return true;
  } catch (error) {
    entry.outcome.errors.push(`${what}: ${message(error)}`);
    return false;
  } finally {
    entry.outcome.seconds += (performance.now() - started) / 1000;
  }
};

const stopEntry = async (entry: Entry): Promise<void> => {
  await step(entry, 'stop', async () => {
    await entry.driver.stop();
  });
  entry.outcome.killed += await entry.driver.reap();
  entry.running = false;
};

/**
 * The phases, each over every supervisor in turn: cold starts (the last start stays up),
 * memory of all of them at one moment (so node processes share node's pages alike),
 * restarts, teardown, floods.
 */
const measureAll = async (entries: readonly Entry[], idle: Reference, extras: ProcformExtras): Promise<void> => {
  for (const entry of entries) {
    const { driver, outcome } = entry;
    entry.running = await step(entry, 'cold start', async () => {
      for (let run = 1; run <= RUNS; run++) {
        progress(`${driver.name}: cold start of ${COUNT} processes (${run}/${RUNS})`);
        outcome.colds.push(await driver.start(COUNT));
        entry.startedAt = performance.now();
        if (run === RUNS) break;
        await driver.stop();
        outcome.killed += await driver.reap();
      }
    });
    if (!entry.running) await stopEntry(entry);
  }
  const running = entries.filter((e) => e.running);
  const lastStart = Math.max(0, ...running.map((e) => e.startedAt));
  progress('memory of every supervisor at the same moments, in steady state');
  await sleep(Math.max(0, lastStart + SETTLE_MS - performance.now()));
  // Every supervisor and the idle node read at the same moments, a few times.
  const readings: { idle: Memory; each: Memory[] }[] = [];
  for (let i = 0; i < MEMORY_READINGS; i++) {
    if (i > 0) await sleep(MEMORY_SPACING_MS);
    readings.push({ idle: memoryOf([idle.pid]), each: running.map((e) => memoryOf(e.driver.pids())) });
  }
  running.forEach((entry, k) => {
    entry.outcome.memory = lowestMemory(readings.map((r) => r.each[k]!));
    entry.outcome.idle = lowestMemory(readings.map((r) => r.idle));
  });
  for (const entry of entries.filter((e) => e.running)) {
    progress(`${entry.driver.name}: ${RESTARTS} × kill -9`);
    await step(entry, 'restarts', async () => {
      entry.outcome.restarts = await entry.driver.restartLatency(RESTARTS);
    });
    if (entry.driver instanceof Procform) extras.restartCheck = entry.driver.restartCheck;
  }
  for (const entry of entries.filter((e) => e.running)) await stopEntry(entry);
  for (const entry of entries) {
    const { driver, outcome } = entry;
    await step(entry, 'flood', async () => {
      for (let run = 1; run <= FLOOD_RUNS; run++) {
        progress(`${driver.name}: ${(LINES * LINE_BYTES / 1e6).toFixed(0)} MB flood (${run}/${FLOOD_RUNS})`);
        outcome.floods.push(await driver.flood(LINES));
      }
    });
    outcome.killed += await driver.reap();
    if (driver instanceof Procform) {
      await step(entry, 'captureFlood', async () => {
        for (let run = 1; run <= FLOOD_RUNS; run++) {
          progress(`procform: captureFlood, the log writer alone (${run}/${FLOOD_RUNS})`);
          extras.captures.push(await driver.captureFlood(LINES));
        }
      });
      await step(entry, 'memory breakdown', async () => {
        progress('procform: memory of an empty daemon and of a node that imported its modules, in steady state');
        const empty = await driver.emptyDaemon();
        try {
          const modules = await idleNode(DAEMON_MODULES);
          await sleep(SETTLE_MS);
          extras.empty = memoryOf([empty.pid]);
          extras.modules = memoryOf([modules.pid]);
          extras.breakdownIdle = memoryOf([idle.pid]);
          await modules.stop();
        } finally {
          await empty.stop();
        }
      });
    }
    outcome.killed += await driver.reap();
    outcome.leftovers = [...driver.leftovers];
    driver.removeDir();
  }
};

const mib = (kb: number | undefined): number | null => (kb === undefined ? null : kb / 1024);
/** A verdict: true met, false missed, 'tie' within run-to-run noise (still not met), null not measured. */
type Verdict = boolean | 'tie' | null;
const met = (ok: Verdict): string => (ok === null ? 'n/a' : ok === 'tie' ? `MISSED by <${NOISE * 100}% (within run-to-run noise)` : ok ? 'met' : 'MISSED');
/** Run-to-run spread of the timings here: a "no slower than" within it is called a tie. */
const NOISE = 0.05;
const atMost = (a: number | null | undefined, b: number | null | undefined, factor = 1): boolean | null =>
  a === null || a === undefined || b === null || b === undefined || Number.isNaN(a) || Number.isNaN(b) ? null : a <= b * factor;
/** "No slower than": met, a tie within {@link NOISE}, or missed. */
const noSlower = (a: number | null | undefined, b: number | null | undefined): Verdict => {
  const ok = atMost(a, b);
  return ok === false && atMost(a, b, 1 + NOISE) ? 'tie' : ok;
};

/** Runs the supervisor benchmark and prints its table. */
export const runSupervisorBench = async (): Promise<void> => {
  const started = performance.now();
  const only = process.env.BENCH_SUP_ONLY?.split(',').map((s) => s.trim().toLowerCase());
  const all: Driven[] = [new Procform(), new Supervisord(), new S6(), new Runit(), new Pm2()];
  const interrupted = (signal: NodeJS.Signals): void => {
    let killed = 0;
    for (const driver of all) killed += driver.cleanup();
    for (const driver of all) driver.removeDir();
    process.stderr.write(`supervisor bench: ${signal}, killed ${killed} process(es) of the benchmark\n`);
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const extras: ProcformExtras = { captures: [], empty: null, modules: null, breakdownIdle: null, restartCheck: '' };
  const entries: Entry[] = all.filter((d) => !only || only.includes(d.name.toLowerCase())).map((driver) => ({
    driver,
    running: false,
    startedAt: 0,
    outcome: { name: driver.name, missing: driver.missing(), errors: [], colds: [], memory: null, idle: null, restarts: [], floods: [], killed: 0, detail: driver.detail(), seconds: 0, leftovers: [] },
  }));
  const idle = await idleNode();
  try {
    await measureAll(entries.filter((e) => e.outcome.missing === null), idle, extras);
  } finally {
    await idle.stop();
    for (const driver of all) {
      driver.cleanup();
      driver.removeDir();
    }
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
  }
  print(entries.map((e) => e.outcome), extras, performance.now() - started);
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
      `no slower than s6: ${met(noSlower(coldMedian(pf, 'intoRunningMs'), coldMedian(s6, 'intoRunningMs')))}`, 0),
    row(`cold start of ${COUNT}, supervisor started too (ms)`, (o) => coldMedian(o, 'withSupervisorMs'), null,
      `no slower than s6: ${met(noSlower(coldMedian(pf, 'withSupervisorMs'), coldMedian(s6, 'withSupervisorMs')))}`, 0),
    row(`${floodLabel}: start request → all in the log (s)`, (o) => seconds(flood.get(o.name)?.triggerToLogMs), null,
      `no slower than supervisord: ${met(noSlower(seconds(flood.get('procform')?.triggerToLogMs), supFlood))}`, 2),
    row(`${floodLabel}: flood process up → all in the log (s)`, (o) => seconds(flood.get(o.name)?.startToLogMs), null,
      `no slower than supervisord: ${met(noSlower(seconds(flood.get('procform')?.startToLogMs), seconds(flood.get('supervisord')?.startToLogMs)))}`, 2),
    row(`${floodLabel}: lines intact and in order (fewest of ${FLOOD_RUNS} runs)`, (o) => flood.get(o.name)?.lines, null,
      `${LINES} of ${LINES} in every run: ${met(pf && flood.get('procform') ? flood.get('procform')!.intact && flood.get('procform')!.lines === LINES : null)}`, 0),
    ['flood, log writer alone (captureFlood, no daemon) (s)', cell(seconds(capture?.triggerToLogMs), 2), '', cell(supFlood, 2), '—', '—', '—', '—',
      ratio(seconds(capture?.triggerToLogMs), supFlood), '—', '—', '—',
      `no slower than supervisord: ${met(noSlower(seconds(capture?.triggerToLogMs), supFlood))}; intact: ${met(capture ? capture.intact : null)}`],
  ];
  const header = ['measurement', 'procform', 'idle node', ...peers, 'pf÷idle', ...peers.map((p) => `pf÷${p}`), 'target for procform'];
  console.log('');
  console.log(`supervisor benchmark: ${COUNT} × sleep 100000 supervised; node ${process.version}, ${cpus().length} cores; all side by side in one run (${(elapsedMs / 1000).toFixed(0)} s)`);
  console.log(`cold starts: median of ${RUNS} runs; floods: median of ${FLOOD_RUNS}; memory: lowest of ${MEMORY_READINGS} readings ${MEMORY_SPACING_MS / 1000} s apart, of all supervisors at the same moments, from ≥${SETTLE_MS / 1000} s after each one's last cold start; restarts: ${RESTARTS} different services killed one after the other`);
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
    console.log(`  procform memory step by step, in steady state (≥${SETTLE_MS / 1000} s after starting):`);
    console.log(`    at one moment: idle node ${m(extras.breakdownIdle)}; idle node that imported the daemon's ES modules (unbundled) ${m(extras.modules)}; daemon with nothing deployed ${m(extras.empty)}`);
    console.log(`    in the table: idle node ${m(pf.idle)}; daemon with ${COUNT} processes ${m(pf.memory)}`);
    if (extras.restartCheck) console.log(`    ${extras.restartCheck}`);
    if (capture) console.log(`    captureFlood ${runs(extras.captures.map((c) => c.triggerToLogMs), 1000, 2)} s: ${capture.intact ? 'every run intact' : `NOT intact: ${capture.problem}`}; ${capture.note}`);
  }
  console.log('  PSS splits shared pages (node\'s binary, libc) among all processes mapping them, so it depends on what else runs; USS counts private pages only.');
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runSupervisorBench();
}
