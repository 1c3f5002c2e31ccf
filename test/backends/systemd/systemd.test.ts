// The systemd backend: generated units pass `systemd-analyze verify` with empty stderr,
// quoting round trips, and the shared acceptance suite runs next to a real systemd --user
// manager (in scripts/systemd-user-sandbox; see inside-user-manager.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { computeBuild, writeBuild, type BuildResult } from '../../../src/build/build.js';
import { loadDefinition } from '../../../src/model/load.js';
import { systemd } from '../../../src/backends/systemd/index.js';
import { renderTarget } from '../../../src/backends/systemd/render.js';
import { quoteEnvironment, quoteExec, unquoteWords } from '../../../src/backends/systemd/quote.js';
import { HOSTILE_ENVIRONMENT, HOSTILE_VALUES } from '../../conformance/hostile.js';
import { deploymentParams } from '../../conformance/acceptance.js';
import { testInSandbox } from '../../helpers/systemd-sandbox.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const FEATURES = join(import.meta.dirname, 'fixtures/features.ts');
const MODELS = [join(ROOT, 'examples/webapps/processes.ts'), join(ROOT, 'examples/webapps/processes-advanced.ts'), FEATURES];
const haveAnalyze = spawnSync('sh', ['-c', 'command -v systemd-analyze']).status === 0;
const skipAnalyze = !haveAnalyze && process.env.CI !== 'true' ? 'systemd-analyze is not installed' : false;

const build = async (model: string, user: boolean, extra: Record<string, unknown> = {}, into?: string): Promise<{ state: string; result: BuildResult }> => {
  const state = into ?? mkdtempSync(join(tmpdir(), 'procform-systemd-'));
  chmodSync(state, 0o755);
  const params = { ...deploymentParams(state, !user, 'systemd'), extraParams: extra };
  const result = computeBuild({ definition: await loadDefinition(model), params, backend: systemd, sourceFile: model });
  writeBuild(result);
  return { state, result };
};

const unitFiles = (result: BuildResult): string[] =>
  [...result.processEntries.values()].flatMap((entry) => readdirSync(entry.path).filter((n) => n.endsWith('.service')).map((n) => join(entry.path, n)));

/** Copies the units into a unit directory and verifies them there; returns stderr. */
const verify = (state: string, files: string[], user: boolean): string => {
  const config = join(state, 'xdg-config');
  const dir = user ? join(config, 'systemd/user') : join(state, 'system-units');
  mkdirSync(dir, { recursive: true });
  const names: string[] = [];
  for (const file of files) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    writeFileSync(join(dir, name), readFileSync(file));
    names.push(join(dir, name));
  }
  writeFileSync(join(dir, 'procform.target'), renderTarget(user, names.map((n) => n.slice(n.lastIndexOf('/') + 1))));
  names.push(join(dir, 'procform.target'));
  const env = { ...process.env, XDG_CONFIG_HOME: config, XDG_RUNTIME_DIR: join(state, 'xdg-run'), SYSTEMD_LOG_COLOR: '0' };
  mkdirSync(env.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 });
  const args = user ? ['--user', 'verify', ...names] : ['verify', ...names];
  const out = spawnSync('systemd-analyze', args, { env, encoding: 'utf8', cwd: dir });
  assert.equal(out.status, 0, out.stderr);
  return out.stderr;
};

for (const user of [true, false]) {
  for (const model of MODELS) {
    test(`systemd: units of ${model.slice(ROOT.length + 1)} pass systemd-analyze ${user ? '--user ' : ''}verify`, { skip: skipAnalyze }, async (t) => {
      const extra = model === FEATURES ? { args: HOSTILE_VALUES, environment: HOSTILE_ENVIRONMENT, ...(user ? {} : { user: 'daemon' }) } : {};
      const { state, result } = await build(model, user, extra);
      t.after(() => rmSync(state, { recursive: true, force: true }));
      const files = unitFiles(result);
      assert.ok(files.length >= 2);
      assert.equal(verify(state, files, user), '');
    });
  }
}

test('systemd: rendering expresses every feature', async (t) => {
  const a = await build(FEATURES, false, { user: 'daemon' });
  t.after(() => rmSync(a.state, { recursive: true, force: true }));
  const read = (r: { state: string }, instance: string): string => {
    const entry = (r as unknown as { result: BuildResult }).result.processEntries.get(instance)!;
    return readFileSync(join(entry.path, `procform-${instance}.service`), 'utf8');
  };
  const facts = read(a, 'facts');
  for (const line of ['User=daemon', 'Nice=3', 'UMask=0027', 'WorkingDirectory=/tmp', 'Wants=procform-server.service', 'After=procform-server.service', 'Restart=on-failure', 'WantedBy=procform.target']) {
    assert.ok(facts.split('\n').includes(line), line);
  }
  assert.match(facts, /^ExecStartPre=\+".*\/prepare"$/m);
  assert.match(facts, /^ExecStartPre=\+".*\/initialize"$/m);
  const server = read(a, 'server');
  assert.match(server, /^Description=server with 100%% of %%n specifiers$/m);
  // Its log readiness, which systemd waits for: the logs marked last before the start, probed after it.
  assert.match(server, /^RuntimeDirectory=procform-server$/m);
  assert.match(server, /^ExecStartPre=\+"[^"]*\/ready" "mark"\nExecStart=/m);
  assert.match(server, /^ExecStartPost=\+"[^"]*\/ready"$/m);
  const serverEntry = a.result.processEntries.get('server')!.path;
  assert.match(readFileSync(join(serverEntry, 'ready'), 'utf8'), /grep -a -q -E -e '\^ready\$'/);
  assert.doesNotMatch(facts, /ExecStartPost|RuntimeDirectory/, 'no readiness, no script');
  assert.match(server, /^KillSignal=SIGINT$/m);
  assert.match(server, /^TimeoutStopSec=7$/m);
  assert.match(server, /^RestartSec=0.5$/m);
  assert.match(server, /^StartLimitBurst=4$/m);
  const daemon = read(a, 'daemon');
  assert.match(daemon, /^Type=forking$/m);
  assert.match(daemon, /^PIDFile=/m);
  const once = read(a, 'once');
  assert.match(once, /^Type=oneshot$/m);
  assert.match(once, /^RemainAfterExit=yes$/m);
  assert.match(once, /^Restart=on-failure$/m);
});

test("systemd: as root, units for root's own user manager keep User= and own their state directories", { skip: skipAnalyze }, async (t) => {
  // User change on (privileged parameters), units for a user manager: root's, which can apply User=.
  const saved = process.env.PROCFORM_SYSTEMD_USER;
  process.env.PROCFORM_SYSTEMD_USER = '1';
  t.after(() => { if (saved === undefined) delete process.env.PROCFORM_SYSTEMD_USER; else process.env.PROCFORM_SYSTEMD_USER = saved; });
  const state = mkdtempSync(join(tmpdir(), 'procform-systemd-'));
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const params = { ...deploymentParams(state, true, 'systemd'), extraParams: { user: 'daemon' } };
  const result = computeBuild({ definition: await loadDefinition(FEATURES), params, backend: systemd, sourceFile: FEATURES });
  writeBuild(result);
  const facts = result.processEntries.get('facts')!.path;
  assert.match(readFileSync(join(facts, 'procform-facts.service'), 'utf8'), /^User=daemon$/m);
  assert.match(readFileSync(join(facts, 'prepare'), 'utf8'), /^chown daemon -- .*facts-state$/m);
  assert.equal(verify(state, unitFiles(result), true), '');
});

test('systemd: quoting round trips hostile values', () => {
  const quoted = quoteExec(['/bin/x', ...HOSTILE_VALUES]);
  assert.ok(!quoted.includes('\n'));
  assert.deepEqual(unquoteWords(quoted, true), ['/bin/x', ...HOSTILE_VALUES]);
  assert.match(quoteExec(['a$b%c']), /^"a\$\$b%%c"$/);
  for (const [name, value] of Object.entries(HOSTILE_ENVIRONMENT)) {
    const assignment = quoteEnvironment(name, value);
    assert.ok(!assignment.includes('\n'));
    assert.deepEqual(unquoteWords(assignment, false), [`${name}=${value}`]);
  }
  assert.match(quoteEnvironment('A', '$x%'), /^"A=\$x%%"$/);
  assert.throws(() => quoteEnvironment('A B', 'x'));
  assert.throws(() => quoteExec(['a\0b']));
});

// The real manager: the acceptance suite inside the project's sandbox.
testInSandbox('systemd: acceptance and hostile values next to a real systemd --user manager', join(import.meta.dirname, 'inside-user-manager.ts'), {
  env: { PROCFORM_SYSTEMD_USER: '1' },
  timeout: 580_000,
});
