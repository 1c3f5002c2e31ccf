// `procform test` as a user runs it, on the real managers of this machine: the webapps
// example passes on every backend that runs here, in both profiles; the hostile-values case
// (procform's own, as a tests file) passes on every one of them; a model broken on one
// backend fails exactly that cell, with the process's output, and the run exits 1; a failing
// assertion is shown at its line; a misspelt instance is refused before anything runs.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';
import { procform } from '../helpers/cli.js';
import { acquireMachineLock } from '../helpers/machine-lock.js';
import { freePorts } from '../helpers/wait.js';
import type { CellResult, TestRun } from '../../src/testing/results.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(root, 'test/fixtures/testing');

/** The backends CI installs, so under CI each must run rather than be "not runnable here". */
const RUN_HERE = ['embedded', 'supervisord', 's6', 's6-rc', 'runit', 'sysvinit', 'systemd'];

const scratch = (t: TestContext): string => {
  const dir = mkdtempSync(join(tmpdir(), 'procform-driver-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

const runTests = (args: readonly string[], timeoutMinutes = 12) => {
  const run = procform(['test', '--json', '--keep-going', ...args], { cwd: root, timeout: timeoutMinutes * 60_000 });
  const parsed = run.stdout.trim() === '' ? null : (JSON.parse(run.stdout) as TestRun & { passed: boolean });
  return { ...run, result: parsed };
};

const summary = (cells: readonly CellResult[]): string => cells.map((c) => `${c.backend}/${c.profile}: ${c.notRunnable ?? c.steps.map((s) => `${s.step}=${s.status}${s.failure ? ` (${s.failure.message.slice(0, 300)})` : ''}`).join(' ')}`).join('\n');

/** Every cell ran and passed, or says why it cannot run; under CI, the backends CI installs all ran. */
const assertAllPassed = (cells: readonly CellResult[], profiles: readonly string[]): void => {
  for (const cell of cells) {
    if (cell.notRunnable !== null) {
      assert.match(cell.notRunnable, /\S/, `${cell.backend}: a reason`);
      continue;
    }
    assert.ok(cell.steps.every((s) => s.status === 'passed'), summary([cell]));
  }
  const ran = cells.filter((c) => c.notRunnable === null).map((c) => `${c.backend}/${c.profile}`);
  const expected = process.getuid?.() === 0 || profiles.every((p) => p === 'unprivileged')
    ? RUN_HERE.flatMap((b) => profiles.map((p) => `${b}/${p}`))
    : [];
  if (process.env.CI === 'true') for (const cell of expected) assert.ok(ran.includes(cell), `${cell} ran under CI:\n${summary(cells)}`);
};

test('procform test: the webapps example passes on every backend that runs here, privileged and unprivileged; JUnit XML names every cell', { timeout: 15 * 60_000 }, async (t) => {
  const dir = scratch(t);
  // The privileged cells create the example's accounts: one run that does so at a time.
  const release = await acquireMachineLock('webapps-accounts');
  t.after(release);
  const [webapp, nginx] = await freePorts(2);
  const ids = JSON.parse(readFileSync(join(root, 'examples/webapps/ids.json'), 'utf8')) as { ids: Record<string, Record<string, number>> };
  ids.ids.webappPorts = { webapp: webapp! };
  ids.ids.nginxPorts = { nginx: nginx! };
  writeFileSync(join(dir, 'ids.json'), JSON.stringify(ids));
  const junit = join(dir, 'junit.xml');
  const run = runTests(['-f', 'examples/webapps/processes.ts', '-P', 'all', '--ids', join(dir, 'ids.json'), '--junit', junit]);
  assert.ok(run.result !== null, run.stderr);
  assertAllPassed(run.result.cells, ['privileged', 'unprivileged']);
  assert.equal(run.code, 0, `${run.stderr}\n${summary(run.result.cells)}`);
  assert.equal(run.result.passed, true);
  // Every backend of the registry has a row in each profile: those that cannot run here say why.
  assert.ok(run.result.cells.some((c) => c.backend === 'launchd' && /macOS/.test(c.notRunnable ?? '')), 'launchd is named, with why');
  const doc = new DOMParser().parseFromString(readFileSync(junit, 'utf8'), 'text/xml');
  const suites = Array.from(doc.getElementsByTagName('testsuite')).map((s) => s.getAttribute('name'));
  assert.equal(suites.length, run.result.cells.length);
  assert.ok(suites.includes('embedded (privileged)') && suites.includes('supervisord (unprivileged)'), suites.join(', '));
  assert.equal(doc.documentElement!.getAttribute('failures'), '0');
});

test('procform test: hostile arguments and environment reach the process exactly on every backend that runs here', { timeout: 10 * 60_000 }, () => {
  const run = runTests(['-f', join(fixtures, 'hostile/processes.ts'), '-P', 'all', '--profiles', 'unprivileged']);
  assert.ok(run.result !== null, run.stderr);
  assertAllPassed(run.result.cells, ['unprivileged']);
  assert.equal(run.code, 0, summary(run.result.cells));
  const ran = run.result.cells.filter((c) => c.notRunnable === null);
  assert.ok(ran.length > 0 && ran.every((c) => c.steps.some((s) => s.step === 'test hostile' && s.status === 'passed')), summary(run.result.cells));
});

test('procform test: a model that never becomes ready on one backend fails exactly that cell, with its output, and exits 1', { timeout: 5 * 60_000 }, async (t) => {
  const dir = scratch(t);
  const [port] = await freePorts(1);
  const junit = join(dir, 'junit.xml');
  const run = runTests(['-f', join(fixtures, 'broken/processes.ts'), '-P', 'embedded,supervisord,s6', '--profiles', 'unprivileged', '--extra-params', JSON.stringify({ port }), '--junit', junit]);
  assert.ok(run.result !== null, run.stderr);
  assert.equal(run.code, 1, run.stderr);
  const byBackend = new Map(run.result.cells.map((c) => [c.backend, c]));
  for (const backend of ['embedded', 's6']) assert.ok(byBackend.get(backend)!.steps.every((s) => s.status === 'passed'), summary([byBackend.get(backend)!]));
  const broken = byBackend.get('supervisord')!;
  const deploy = broken.steps.find((s) => s.step === 'deploy')!;
  assert.equal(deploy.status, 'failed');
  assert.match(deploy.failure!.message, /server/);
  assert.deepEqual(deploy.failure!.instances.map((i) => i.instance), ['server']);
  assert.ok(deploy.failure!.instances[0]!.lines.includes('no listener on purpose'), JSON.stringify(deploy.failure));
  assert.deepEqual(broken.steps.filter((s) => s.status === 'skipped').map((s) => s.step), ['test server', 'undeploy']);
  assert.equal(broken.steps.find((s) => s.step === 'leftovers')!.status, 'passed', 'the failed deploy left nothing running');
  const doc = new DOMParser().parseFromString(readFileSync(junit, 'utf8'), 'text/xml');
  assert.equal(doc.documentElement!.getAttribute('failures'), '1');
  assert.match(run.stderr, /1 of 3 cells failed/);
});

test('procform test: a failing assertion is reported at its line in the tests file', { timeout: 3 * 60_000 }, async () => {
  const [port] = await freePorts(1);
  const run = runTests(['-f', join(fixtures, 'broken/processes.ts'), '-P', 'embedded', '--profiles', 'unprivileged', '--extra-params', JSON.stringify({ port, wrong: true })]);
  assert.equal(run.code, 1, run.stderr);
  const step = run.result!.cells[0]!.steps.find((s) => s.step === 'test server')!;
  assert.equal(step.status, 'failed');
  assert.match(step.failure!.message, /'up' !== 'down'/);
  assert.equal(step.failure!.at, `${join(fixtures, 'broken/tests.ts')}:10:16`);
  assert.ok(step.failure!.instances[0]!.lines.some((line) => line.startsWith('listening on')), JSON.stringify(step.failure));
});

test('procform test: a tests file that names an instance the model does not have is refused with its line, before anything runs', () => {
  const run = procform(['test', '-f', join(fixtures, 'broken/processes.ts'), '-t', join(fixtures, 'broken/misspelt.ts')], { cwd: root, timeout: 60_000 });
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /unknown-test-instance/);
  assert.match(run.stderr, /misspelt\.ts:7:5/);
  assert.doesNotMatch(run.stderr, /deploy/);
});
