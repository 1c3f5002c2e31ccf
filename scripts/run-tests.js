#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's test runner (TypeScript through tsx,
// which the runner's child processes inherit from this process's --import).
// `node --test` sorts its files by name, which would leave the slowest (whole stacks, images,
// containers) for last, one of them alone on a core at the end of the run; node:test's run()
// keeps the order given, so they start first.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { run } from 'node:test';
import { tap } from 'node:test/reporters';
import { fileURLToPath } from 'node:url';

// The runner's children take their node options from this process: load tsx here first.
if (!process.execArgv.some((arg, i) => arg === 'tsx' && process.execArgv[i - 1] === '--import')) {
  const again = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}

const collect = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
  const path = join(dir, entry.name);
  if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'fixtures' ? [] : collect(path);
  return entry.name.endsWith('.test.ts') ? [path] : [];
});

const SLOW_FIRST = [/^test\/stack\//, /^test\/image\//, /^test\/backends\/(docker|kubernetes)\//, /\.live\.test\.ts$/, /^test\/backends\//, /^test\/(cli|faults|examples|import)\//];
const rank = (file) => {
  const index = SLOW_FIRST.findIndex((pattern) => pattern.test(file));
  return index === -1 ? SLOW_FIRST.length : index;
};

const only = process.argv.slice(2);
const files = only.length > 0 ? only : [...collect('src'), ...collect('test')].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
// PROCFORM_TEST_LIST=1 prints the files in the order they start, without running them.
if (process.env.PROCFORM_TEST_LIST === '1') {
  console.log(files.join('\n'));
  process.exit(0);
}
const stream = run({ files: files.map((file) => resolve(file)), concurrency: 2 });
stream.on('test:fail', () => { process.exitCode = 1; });
stream.compose(tap).pipe(process.stdout);
