import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastLine, procform } from '../helpers/cli.js';
import { removeTree } from '../../src/store/write.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const example = join(root, 'examples/webapps/processes.ts');
const fixture = (name: string) => join(root, 'test/fixtures/models', name);
const tempDir = (t: { after: (fn: () => void) => void }) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-cli-'));
  t.after(() => removeTree(dir));
  return dir;
};

test('build prints the generation store path, the same one on every build, and --check passes', (t) => {
  const state = tempDir(t);
  const first = procform(['build', '-f', example, '--state-dir', state]);
  assert.equal(first.code, 0, first.stderr);
  const path = lastLine(first.stdout);
  assert.match(path, new RegExp(`^${state}/lib/procform/store/[0-9a-z]{32}-generation-embedded$`));
  assert.ok(existsSync(join(path, 'generation.json')));
  const again = procform(['build', '-f', example, '--state-dir', state]);
  assert.equal(lastLine(again.stdout), path);
  const check = procform(['build', '--check', '-f', example, '--state-dir', state]);
  assert.equal(check.code, 0, check.stderr);
  assert.equal(lastLine(check.stdout), path);
});

test('an invalid model prints every problem with file:line, exits 2 and writes nothing', (t) => {
  const state = join(tempDir(t), 'state');
  const run = procform(['build', '-f', fixture('invalid.ts'), '--state-dir', state]);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /unknown-dependency.*"databse"[\s\S]*invalid\.ts:5[\s\S]*via .*invalid\.ts:14/);
  assert.match(run.stderr, /dependency cycle: queue → worker → queue/);
  assert.match(run.stderr, /port 7001 is also used by instance "admin"[\s\S]*invalid\.ts:14/);
  assert.match(run.stderr, /3 problems in the processes model; nothing was written/);
  assert.ok(!existsSync(state), 'the state directory was not even created');
});

test('build --check fails on a model that is not deterministic and names the file', (t) => {
  const run = procform(['build', '--check', '-P', 'agnostic', '-f', fixture('nondeterministic.ts'), '--state-dir', tempDir(t)]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /app\/process\.json differs between two builds/);
});

test('an exception in the model is reported with where it was raised', (t) => {
  const run = procform(['build', '-f', fixture('throws.ts'), '--state-dir', tempDir(t)]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /broken on purpose[\s\S]*throws\.ts:5/);
});

test('the model is found through -f, then $PROCFORM_PROCESSES, then ./processes.ts', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'processes.ts'), readFileSync(fixture('minimal.ts'), 'utf8'));
  const state = join(dir, 'state');
  const byCwd = procform(['build', '--state-dir', state], { cwd: dir });
  assert.equal(byCwd.code, 0, byCwd.stderr);
  const byEnv = procform(['build', '--state-dir', state], { cwd: tmpdir(), env: { PROCFORM_PROCESSES: join(dir, 'processes.ts') } });
  assert.equal(lastLine(byEnv.stdout), lastLine(byCwd.stdout));
  const missing = procform(['build', '--state-dir', state], { cwd: state });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /processes\.ts does not exist/);
});

test('directory flags and environment variables reach the model', (t) => {
  const dir = tempDir(t);
  const run = procform(['build', '--json', '-P', 'agnostic', '-f', fixture('minimal.ts'), '--state-dir', dir, '--log-dir', join(dir, 'logs'), '--extra-params', '{"greeting":"hi there"}'], { env: { PROCFORM_SPOOL_DIR: join(dir, 'sp') } });
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  const spec = JSON.parse(readFileSync(join(out.processes[0].entry, 'process.json'), 'utf8'));
  assert.deepEqual(spec.foregroundProcessArgs, ['hi there', join(dir, 'logs'), join(dir, 'sp'), join(dir, 'lib')]);
});

test('usage errors exit 100, --help exits 0 for every command', () => {
  assert.equal(procform(['build', '--no-such-flag']).code, 100);
  assert.equal(procform(['frobnicate']).code, 100);
  for (const args of [['--help'], ...['up', 'switch', 'rollback', 'generations', 'status', 'logs', 'start', 'stop', 'restart', 'down', 'manager', 'sysvinit', 'build', 'ids'].map((c) => [c, '--help'])]) {
    const run = procform(args);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Usage: procform/);
  }
  assert.match(procform(['--help']).stdout, /Exit codes: 0 ok/);
});

test('bad --extra-params and an unknown backend are refused with exit 2', () => {
  const bad = procform(['build', '-f', fixture('minimal.ts'), '--extra-params', '{nope']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--extra-params is not valid JSON/);
  const unknown = procform(['build', '-f', fixture('minimal.ts'), '-P', 'nope']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown backend "nope"/);
});
