// `npm run bench`: measures building a generated 1,000-process model, step by step,
// and the whole CLI run next to peers that generate process-manager configuration
// from a description (foreman export), in the same run. Prints a table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { computeBuild, writeBuild } from '../src/build/build.js';
import { agnostic } from '../src/backends/agnostic/index.js';
import { loadDefinition } from '../src/model/load.js';
import { removeTree } from '../src/store/write.js';
import { treeDigest } from '../src/system/tree-digest.js';
import { testParams } from '../test/helpers/params.js';
import { generateModel, generateProcfile } from './generate-model.js';

const COUNT = Number(process.env.BENCH_PROCESSES ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TARGET_MS = 300;
const bin = fileURLToPath(new URL('../bin/procform.js', import.meta.url));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (fn: () => void): number => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};
const measure = (fn: () => void, runs = RUNS): number => median(Array.from({ length: runs }, () => time(fn)));
const which = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

const dir = mkdtempSync(join(tmpdir(), 'pf-bench-'));
const modelFile = generateModel(dir, COUNT);
const procfile = generateProcfile(dir, COUNT);
const definition = await loadDefinition(modelFile);
const params = testParams(join(dir, 'state'));
const input = { definition, params, backend: agnostic, sourceFile: modelFile };

const rows: [string, number, string][] = [];
computeBuild(input); // warm up the JIT once, as a long-running build would be
const buildMs = measure(() => computeBuild(input));
rows.push([`build step (evaluate, validate, render, hash) ×${COUNT}`, buildMs, buildMs < TARGET_MS ? `target < ${TARGET_MS} ms: met` : `target < ${TARGET_MS} ms: MISSED`]);
const result = computeBuild(input);
const writeMs = median(Array.from({ length: 3 }, () => {
  removeTree(params.storeDir);
  return time(() => writeBuild(result));
}));
rows.push([`write ${result.entries.length} entries to an empty store`, writeMs, '']);
rows.push(['rebuild into a full store (nothing new)', measure(() => writeBuild(computeBuild(input))), '']);
const loads: number[] = [];
for (let i = 0; i < 3; i++) {
  const start = performance.now();
  await loadDefinition(modelFile);
  loads.push(performance.now() - start);
}
rows.push(['load the model file (TypeScript, fresh)', median(loads), '']);

// A declared input as large as a dependency tree: this checkout's node_modules, in the page cache.
const nodeModules = fileURLToPath(new URL('../node_modules', import.meta.url));
const tree = treeDigest(nodeModules, []);
rows.push([`digest of a declared directory: node_modules (${tree.entries} entries)`, measure(() => treeDigest(nodeModules, []), 5), '']);

const cli = (): void => {
  const run = spawnSync(process.execPath, [bin, 'build', '-q', '--no-host-checks', '-f', modelFile, '--state-dir', join(dir, 'cli')]);
  if (run.status !== 0) throw new Error(`procform build failed: ${run.stderr}`);
};
const cliMs = measure(cli, 5);
rows.push(['procform build, whole command (node start, load, build, write)', cliMs, '']);

if (which('foreman')) {
  const foremanMs = measure(() => {
    rmSync(join(dir, 'foreman-out'), { recursive: true, force: true });
    const run = spawnSync('foreman', ['export', 'supervisord', join(dir, 'foreman-out'), '-f', procfile, '-d', dir, '-a', 'bench', '-u', 'root']);
    if (run.status !== 0) throw new Error(`foreman export failed: ${run.stderr}`);
  }, 5);
  rows.push([`peer: foreman export supervisord ×${COUNT}`, foremanMs, `procform whole command = ${(cliMs / foremanMs).toFixed(2)}× foreman`]);
} else {
  rows.push(['peer: foreman export (not installed: apt-get install ruby-foreman)', NaN, 'skipped']);
}

removeTree(dir);
const width = Math.max(...rows.map(([name]) => name.length));
console.log(`procform build benchmark: ${COUNT} processes, median of ${RUNS} runs (whole commands: 5), node ${process.version}`);
console.log(`${'measurement'.padEnd(width)}  ${'ms'.padStart(9)}  note`);
for (const [name, ms, note] of rows) console.log(`${name.padEnd(width)}  ${Number.isNaN(ms) ? '—'.padStart(9) : ms.toFixed(1).padStart(9)}  ${note}`);
await (await import('./run-supervisor.js')).runSupervisorBench();
await (await import('./run-containers.js')).runContainersBench();
