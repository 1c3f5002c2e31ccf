// supervisord backend: quoting (parsed back by supervisord's own Python code), golden
// translate/render of the webapps example, and the shared acceptance suite against a
// real supervisord.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { supervisord } from '../../../src/backends/supervisord/index.js';
import { quoteCommand, quoteEnvironmentPair, iniValue, environmentProblem, SupervisordQuoteError } from '../../../src/backends/supervisord/quote.js';
import { PROGRAM_FILE, WRAPPER_FILE } from '../../../src/backends/supervisord/translate.js';
import { PYTHON } from '../../../src/backends/supervisord/manager.js';
import { computeBuild } from '../../../src/build/build.js';
import { loadDefinition } from '../../../src/model/load.js';
import { testParams } from '../../helpers/params.js';
import { HOSTILE_ENVIRONMENT, HOSTILE_VALUES } from '../../conformance/hostile.js';
import { runAcceptance, runOneshotCase } from '../../conformance/acceptance.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const available = existsSync('/usr/bin/supervisord') && existsSync(PYTHON);
const needSupervisord = (t: { skip: (m: string) => void }): boolean => {
  if (available) return false;
  if (process.env.CI === 'true') assert.fail('supervisord is not installed (apt-get install supervisor)');
  t.skip('supervisord is not installed');
  return true;
};

/** Parses a config with supervisord's own option code and returns each program's argv, env and directory. */
const PARSE = `
import json, shlex, sys
from supervisor.options import ServerOptions
o = ServerOptions()
o.realize(args=['-c', sys.argv[1]])
print(json.dumps({p.name: {'argv': shlex.split(p.command), 'env': p.environment or {}, 'directory': p.directory}
  for g in o.process_group_configs for p in g.process_configs}))
`;
const parseBack = (config: string): Record<string, { argv: string[]; env: Record<string, string>; directory: string | null }> => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-sv-parse-'));
  try {
    const file = join(dir, 'test.conf');
    writeFileSync(file, `[supervisord]\n${config}`);
    return JSON.parse(execFileSync(PYTHON, ['-c', PARSE, file], { encoding: 'utf8' })) as ReturnType<typeof parseBack>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

test('quoteCommand: supervisord splits every hostile value back exactly, or it is refused', (t) => {
  if (needSupervisord(t)) return;
  const representable = HOSTILE_VALUES.filter((v) => !/[\n\r]/.test(v));
  const argv = ['/bin/echo', ...representable, 'a #b', 'a ;b', ' lead', 'trail ', 'tab\t', '\u00a0nbsp\u00a0', '%(ENV_HOME)s', 'x\\'];
  const parsed = parseBack(`[program:p]\ncommand=${quoteCommand(argv)}\n`);
  assert.deepEqual(parsed.p?.argv, argv);
  assert.throws(() => quoteCommand(['a\nb']), SupervisordQuoteError);
  assert.throws(() => quoteCommand(['a\rb']), SupervisordQuoteError);
});

test('quoteEnvironmentPair: representable hostile values come back exactly; the rest are refused with a reason', (t) => {
  if (needSupervisord(t)) return;
  const ok: [string, string][] = [];
  for (const [name, value] of Object.entries({ ...HOSTILE_ENVIRONMENT, EXTRA_1: 'a #b', EXTRA_2: "it's", EXTRA_3: 'say "hi" now', EXTRA_4: 'x,y=z' })) {
    if (environmentProblem(value) === null) ok.push([name, value]);
    else assert.throws(() => quoteEnvironmentPair(name, value), (e: Error) => e instanceof SupervisordQuoteError && e.message.includes(name));
  }
  assert.ok(ok.length >= 12);
  const parsed = parseBack(`[program:p]\ncommand=/bin/true\nenvironment=${ok.map(([n, v]) => quoteEnvironmentPair(n, v)).join(',')}\n`);
  assert.deepEqual(parsed.p?.env, Object.fromEntries(ok));
});

test('iniValue: percent doubled, values the parser would change refused', (t) => {
  assert.equal(iniValue('/tmp/100%', 'directory'), '/tmp/100%%');
  for (const bad of ['a\nb', ' lead', 'trail ', 'x ;y', 'x #y']) assert.throws(() => iniValue(bad, 'directory'), SupervisordQuoteError);
  if (needSupervisord(t)) return;
  assert.equal(parseBack(`[program:p]\ncommand=/bin/true\ndirectory=${iniValue('/tmp/a b%(here)s;#', 'directory')}\n`).p?.directory, '/tmp/a b%(here)s;#');
});

const buildWebapps = async (extra: Record<string, unknown> = {}, privileged = false) => {
  const model = join(root, 'examples/webapps/processes.ts');
  return computeBuild({
    definition: await loadDefinition(model), backend: supervisord, sourceFile: model,
    params: testParams('/srv/pf', { forceDisableUserChange: !privileged, processManager: 'supervisord', extraParams: extra }),
  });
};
const fileOf = (result: Awaited<ReturnType<typeof buildWebapps>>, instance: string, path: string): string => {
  const node = result.processEntries.get(instance)!.files.find((f) => f.path === path);
  assert.ok(node && node.kind === 'file', `${instance}/${path}`);
  return node.content;
};

test('webapps: one [program:x] per process with the native settings', async () => {
  const a = await buildWebapps();
  const webapp = fileOf(a, 'webapp', PROGRAM_FILE);
  const nginx = fileOf(a, 'nginx', PROGRAM_FILE);
  assert.match(webapp, /^\[program:webapp\]\ncommand=\S*webapp\.js\n/);
  assert.match(webapp, /\nenvironment=.*PORT="5000"/);
  for (const line of ['autostart=false', 'autorestart=true', 'stopasgroup=true', 'killasgroup=true', 'stopsignal=TERM', 'priority=1',
    'stdout_logfile=/srv/pf/log/procform/supervisord/webapp.out.log', 'stderr_logfile=/srv/pf/log/procform/supervisord/webapp.err.log']) {
    assert.ok(webapp.split('\n').includes(line), line);
  }
  assert.ok(nginx.split('\n').includes('priority=2'), 'the proxy starts after its dependency');
  assert.doesNotMatch(webapp, /^user=/m, 'no user= when user change is disabled');
});

test('webapps privileged: user=; daemon mode runs under the foreground proxy', async () => {
  const fg = await buildWebapps({}, true);
  assert.match(fileOf(fg, 'webapp', PROGRAM_FILE), /^user=webapp$/m);
  const daemon = await buildWebapps({ webappMode: 'daemon' });
  const conf = fileOf(daemon, 'webapp', PROGRAM_FILE);
  assert.match(conf, /^command=\S+\/daemon-proxy \S+webapp\.pid \S+webapp\.js -D$/m);
});

test('initialize + user: wrapper runs initialize as root, then setpriv; user= unset; nice through nice(1)', async () => {
  const spec = {
    instance: 'x', name: 'x', instanceName: 'x', description: 'x', initialize: "mkdir -p '/tmp/a b'", foregroundProcess: '/bin/sleep',
    foregroundProcessArgs: ['1000'], daemon: null, daemonArgs: [], pidFile: '/tmp/x.pid', logFile: '/tmp/x.log', path: [],
    environment: { A: 'both \' and "', B: 'ok' }, directory: '/tmp', umask: '0027', nice: 5, user: 'nobody', group: 'nogroup', dependencies: [],
    credentials: { users: {}, groups: {} }, overrides: {}, postInstall: '', type: 'longrun' as const, readiness: null,
    restart: { policy: 'on-failure' as const, maxRestarts: 3, backoff: { initial: 1, factor: 2, max: 30, resetAfter: 10 } },
    stopSignal: 'INT', stopTimeout: 5, startTimeout: 120, stateDirs: [], stateVersion: null, inputs: [],
  };
  const settings = testParams('/srv/pf');
  const context = { settings, self: '/srv/pf/store/h-x', entryOf: () => '', metadata: {} };
  const record = supervisord.translate(spec, context);
  const files = supervisord.render(record, spec, context);
  const conf = files.find((f) => f.path === PROGRAM_FILE)!;
  const run = files.find((f) => f.path === WRAPPER_FILE)!;
  assert.ok(conf.kind === 'file' && run.kind === 'file' && run.executable);
  assert.match(conf.content, /^command=\/srv\/pf\/store\/h-x\/run$/m);
  assert.match(conf.content, /^environment=B="ok"$/m);
  assert.doesNotMatch(conf.content, /^user=/m);
  for (const line of ['directory=/tmp', 'umask=0027', 'autorestart=unexpected', 'startretries=3', 'startsecs=10', 'stopsignal=INT', 'stopwaitsecs=5']) {
    assert.ok(conf.content.split('\n').includes(line), line);
  }
  assert.match(run.content, /\/bin\/sh -c 'mkdir -p '\\''\/tmp\/a b'\\''' \|\| exit \$\?\nexec \/usr\/bin\/nice -n 5 \/usr\/bin\/setpriv --reuid=nobody --regid=nogroup --init-groups -- \/bin\/sleep 1000\n$/);
  assert.match(run.content, /^A='both '\\'' and "'\nexport A$/m);
});

if (available || process.env.CI === 'true') {
  runAcceptance({ backend: supervisord, privileged: false });
  runAcceptance({ backend: supervisord, privileged: true });
  runOneshotCase({ backend: supervisord });
}

for (const privileged of [false, true]) {
  test(`real supervisord: log readiness, initialize/user/nice/umask/directory, state dir, daemon proxy (${privileged ? 'privileged' : 'unprivileged'})`, { timeout: 120_000 }, async (t) => {
    if (needSupervisord(t)) return;
    if (privileged && process.getuid?.() !== 0) return t.skip('needs root');
    const { deployment } = await import('../../conformance/acceptance.js');
    const { freePorts, waitFor, alive } = await import('../../helpers/wait.js');
    const { readFileSync } = await import('node:fs');
    const d = deployment(t, supervisord, privileged);
    await supervisord.manager!.start(d.params);
    assert.equal(await supervisord.manager!.isRunning(d.params), true);
    const [port] = await freePorts(1);
    const out = join(d.state, 'init-uid');
    const factsFile = join(d.params.libDir, 'facts-state/facts.json');
    const { chmodSync } = await import('node:fs');
    chmodSync(d.state, 0o755);
    const build = await d.build(join(root, 'test/backends/supervisord/fixtures/features.ts'), { out, port, ...(privileged ? { user: 'nobody' } : {}) });
    const outcome = await d.switchTo(build);
    assert.deepEqual(outcome.failed, []);
    assert.deepEqual([...(await supervisord.activator!.running(d.params))].sort(), ['daemon', 'facts', 'server']);
    await waitFor('facts', () => existsSync(factsFile)).catch((error: Error) => {
      const log = join(d.params.logDir, 'procform/supervisord/facts.err.log');
      throw new Error(`${error.message}; stderr: ${existsSync(log) ? readFileSync(log, 'utf8').slice(-500) : '(none)'}`);
    });
    const facts = JSON.parse(readFileSync(factsFile, 'utf8')) as { uid: number; cwd: string; umask: string; nice: number };
    assert.equal(facts.cwd, '/tmp');
    assert.equal(facts.umask, '0027');
    assert.equal(facts.nice, 3);
    assert.equal(readFileSync(out, 'utf8').trim(), String(process.getuid?.()), 'initialize ran as root (or the caller)');
    if (privileged) assert.equal(facts.uid, Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim()));
    assert.ok(existsSync(join(d.params.libDir, 'facts-state')));
    const daemonPid = await waitFor('the daemon pid', () => { try { return Number(readFileSync(join(d.params.tmpDir, 'daemon.pid'), 'utf8')) || false; } catch { return false; } });
    assert.ok(alive(daemonPid));
    // Undeploy: the proxy forwards the stop signal to the daemon.
    assert.deepEqual((await d.switchTo(null)).failed, []);
    await waitFor('the daemon to stop', () => !alive(daemonPid));
    assert.deepEqual([...(await supervisord.activator!.running(d.params))], []);
  });
}
