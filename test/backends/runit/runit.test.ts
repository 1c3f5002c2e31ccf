// The runit backend: translate/render goldens and edge cases, hostile values through the
// generated shell, and the acceptance sequence against a real runsvdir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeBuild } from '../../../src/build/build.js';
import { loadDefinition } from '../../../src/model/load.js';
import { runit } from '../../../src/backends/runit/index.js';
import { render } from '../../../src/backends/runit/render.js';
import { translate } from '../../../src/backends/runit/translate.js';
import type { RunitService } from '../../../src/backends/runit/record.js';
import type { FileNode } from '../../../src/store/file-set.js';
import type { ProcessSpec } from '../../../src/model/process-spec.js';
import { testParams } from '../../helpers/params.js';
import { HOSTILE_ENVIRONMENT, HOSTILE_VALUES } from '../../conformance/hostile.js';
import { runAcceptance, runOneshotCase } from '../../conformance/acceptance.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const haveRunit = spawnSync('sh', ['-c', 'command -v runsvdir && command -v sv && command -v svlogd']).status === 0;
if (!haveRunit && process.env['CI'] === 'true') throw new Error('runit is not installed (apt-get install runit)');

const settings = testParams('/srv/pf');
const context = { settings, self: '/srv/pf/store/x-self', entryOf: (i: string) => `/srv/pf/store/x-${i}`, metadata: {} };

const spec = (over: Partial<ProcessSpec> = {}): ProcessSpec => ({
  instance: 'app', name: 'app', instanceName: 'app', description: 'app', initialize: '', foregroundProcess: '/bin/sleep',
  foregroundProcessArgs: ['1000'], daemon: null, daemonArgs: [], pidFile: '/srv/pf/run/app.pid', logFile: '/srv/pf/log/app.log',
  path: [], environment: {}, directory: null, umask: null, nice: null, user: null, group: null, dependencies: [],
  credentials: { users: {}, groups: {} }, overrides: {}, postInstall: '', type: 'longrun', readiness: null,
  restart: { policy: 'always', maxRestarts: 3, backoff: { initial: 1, factor: 2, max: 30, resetAfter: 30 } },
  stopSignal: 'TERM', stopTimeout: 10, startTimeout: 120, stateDirs: [], stateVersion: null, inputs: [], ...over,
});

const files = (record: RunitService): Record<string, string> =>
  Object.fromEntries(render(record).filter((n): n is FileNode => n.kind === 'file').map((n) => [n.path, n.content]));

test('runit: the webapps example renders one service directory per process', async () => {
  const model = join(root, 'examples/webapps/processes.ts');
  const a = computeBuild({ definition: await loadDefinition(model), params: testParams('/srv/pf', { processManager: 'runit' }), backend: runit, sourceFile: model });
  const nginx = render(translate(a.model.processes.find((p) => p.instance === 'nginx')!, context));
  const paths = nginx.map((n) => n.path).sort();
  assert.deepEqual(paths, ['check', 'finish', 'log/run', 'run', 'service.json']);
  const run = (nginx.find((n) => n.path === 'run') as FileNode).content;
  assert.match(run, /sv -w 60 start \/srv\/pf\/lib\/procform\/managers\/runit\/service\/webapp /);
  assert.match(run, /if \[ "\$\(id -u\)" = 0 \]; then set -- chpst -u nginx:nginx "\$@"; fi/);
  for (const node of nginx) if (node.kind === 'file' && node.path !== 'service.json') assert.equal(node.executable, true, node.path);
});

test('runit: every script is valid sh, and features map to the expected lines', () => {
  const record = translate(spec({
    environment: { A: '1' }, directory: '/tmp', umask: '0027', nice: 5, user: 'u', group: 'g', initialize: 'echo hi',
    stateDirs: [{ path: '/srv/x', mode: '0750', user: 'u', group: null }], readiness: { kind: 'http', port: 80, host: '127.0.0.1', path: '/h', status: [], timeout: 5, interval: 0.25 },
    stopSignal: 'INT', restart: { policy: 'on-failure', maxRestarts: 4, backoff: { initial: 0.5, factor: 3, max: 5, resetAfter: 20 } },
  }), context);
  const f = files(record);
  for (const [path, text] of Object.entries(f)) {
    if (path === 'service.json') continue;
    const shell = text.startsWith('#!/bin/bash') ? 'bash' : 'sh';
    assert.equal(spawnSync(shell, ['-n'], { input: text }).status, 0, `${path} parses`);
  }
  assert.match(f['run']!, /umask 0027/);
  assert.match(f['run']!, /set -- chpst -n 5 "\$@"/);
  assert.match(f['run']!, /cd \/tmp \|\| exit 1/);
  assert.match(f['run']!, /chown -- u: \/srv\/x/);
  assert.match(f['run']!, /1\) delay=0.5 ;;\n  2\) delay=1.5 ;;\n  3\) delay=4.5 ;;\n  4\) delay=5 ;;/);
  assert.match(f['finish']!, /\[ "\$code" = 0 \] && exec sv down \./);
  assert.match(f['finish']!, /-ge 20 \]/);
  assert.match(f['control/t']!, /kill -s INT/);
  assert.match(f['check']!, /GET/);
  assert.equal(files(translate(spec(), context))['control/t'], undefined);
  assert.deepEqual(render(record), render(record));

  // Daemon mode (shell proxy), a oneshot and a dependency: still valid sh.
  const daemon = files(translate(spec({ foregroundProcess: null, daemon: '/usr/sbin/d', daemonArgs: ['-D'], dependencies: ['db'] }), context));
  assert.equal(spawnSync('sh', ['-n'], { input: daemon['run'] }).status, 0);
  assert.match(daemon['run']!, /until \[ -s \/srv\/pf\/run\/app.pid \]/);
  assert.match(daemon['run']!, /if \[ -e \/srv\/pf\/lib\/procform\/managers\/runit\/service\/db\/oneshot \]/);
  const oneshot = files(translate(spec({ type: 'oneshot' }), context));
  assert.equal(oneshot['oneshot'], '');
  assert.match(oneshot['finish']!, /echo "\$code" > procform\/exit/);
});

test('runit: stream-specific log readiness is refused with a reason', () => {
  assert.throws(() => translate(spec({ readiness: { kind: 'log', pattern: { source: 'x', flags: '' }, stream: 'stdout', timeout: 1, interval: 1 } }), context), /only stdout/);
});

test('runit: hostile argv and environment survive the generated run script exactly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-runit-hostile-'));
  try {
    const out = join(dir, 'out.json');
    const record = translate(spec({
      foregroundProcess: process.execPath,
      foregroundProcessArgs: ['-e', 'require("fs").writeFileSync(process.argv[1], JSON.stringify({ argv: process.argv.slice(2), env: process.env }))', out, ...HOSTILE_VALUES],
      environment: HOSTILE_ENVIRONMENT, initialize: 'printf %s "$HOSTILE_6" > init.txt', directory: dir,
    }), { ...context, settings: { ...settings, libDir: dir } });
    // Run the script outside runsv: its service directory is dir/…/service/app.
    const serviceDir = record.serviceDir;
    execFileSync('mkdir', ['-p', `${serviceDir}/procform`]);
    const run = join(dir, 'run');
    writeFileSync(run, files(record)['run']!);
    chmodSync(run, 0o755);
    execFileSync(run, { stdio: 'ignore' });
    const facts = JSON.parse(execFileSync('cat', [out], { encoding: 'utf8' })) as { argv: string[]; env: Record<string, string> };
    assert.deepEqual(facts.argv, [...HOSTILE_VALUES]);
    for (const [name, value] of Object.entries(HOSTILE_ENVIRONMENT)) assert.equal(facts.env[name], value, name);
    assert.equal(execFileSync('cat', [join(dir, 'init.txt')], { encoding: 'utf8' }), HOSTILE_VALUES[6]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

if (haveRunit) {
  runOneshotCase({ backend: runit });
  runAcceptance({ backend: runit, privileged: false });
  runAcceptance({ backend: runit, privileged: true });
}

const haveNginx = spawnSync('sh', ['-c', 'command -v nginx']).status === 0;
if (haveRunit && haveNginx) runAcceptance({ backend: runit, privileged: true, proxy: 'nginx' });
