#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's test runner (TypeScript through tsx).
// Node 20's runner takes no globs, so the files are listed here.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const collect = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
  const path = join(dir, entry.name);
  if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'fixtures' ? [] : collect(path);
  return entry.name.endsWith('.test.ts') ? [path] : [];
});

// The slowest files (whole stacks, images, containers, live managers) start first, so that
// the run does not end with one of them alone on a core while the other sits idle.
const SLOW_FIRST = [/^test\/stack\//, /^test\/image\//, /^test\/backends\/(docker|kubernetes)\//, /\.live\.test\.ts$/, /^test\/backends\//, /^test\/(cli|faults|examples)\//];
const rank = (file) => {
  const index = SLOW_FIRST.findIndex((pattern) => pattern.test(file));
  return index === -1 ? SLOW_FIRST.length : index;
};

const only = process.argv.slice(2);
const files = only.length > 0 ? only : [...collect('src'), ...collect('test')].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
// PROCFORM_TEST_LIST=1 prints the files in the order they start, without running them.
if (process.env.PROCFORM_TEST_LIST === "1") { console.log(files.join("\n")); process.exit(0); }
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
