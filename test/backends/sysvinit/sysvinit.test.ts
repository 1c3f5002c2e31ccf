// The sysvinit backend: rendering, quoting, and real init scripts run with start-stop-daemon.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { computeBuild, writeBuild } from '../../../src/build/build.js';
import { loadDefinition } from '../../../src/model/load.js';
import { createManagedProcess } from '../../../src/model/managed-process.js';
import { defineProcesses } from '../../../src/model/define-processes.js';
import type { ProcessesDefinition } from '../../../src/model/define-processes.js';
import { activationGeneration, switchBackend } from '../../../src/deploy/switch-backend.js';
import { sysvinit } from '../../../src/backends/sysvinit/index.js';
import { initDir, installedScripts } from '../../../src/backends/sysvinit/activate.js';
import { runActivity } from '../../../src/backends/sysvinit/run-activity.js';
import { HOSTILE_ENVIRONMENT, HOSTILE_VALUES } from '../../conformance/hostile.js';
import { testParams } from '../../helpers/params.js';
import { alive, freePorts, get, waitFor } from '../../helpers/wait.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const WEBAPPS = join(ROOT, 'examples/webapps/processes.ts');
const PRINT_ENV = join(ROOT, 'test/fixtures/bin/print-env.js');
const haveSsd = spawnSync('sh', ['-c', 'PATH=$PATH:/usr/sbin:/sbin command -v start-stop-daemon']).status === 0;
const skipReal = !haveSsd && process.env.CI !== 'true' ? 'start-stop-daemon is not installed' : false;
const isRoot = process.getuid?.() === 0;

const tempState = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'procform-sysv-'));
  chmodSync(dir, 0o755);
  return dir;
};

/** Cleanups run in reverse order of registration (node:test runs after hooks in order). */
const cleanups = (t: { after: (fn: () => Promise<void>) => void }) => {
  const stack: (() => unknown)[] = [];
  t.after(async () => {
    for (const fn of stack.reverse()) await fn();
  });
  return (fn: () => unknown) => stack.push(fn);
};

const build = (definition: ProcessesDefinition, stateDir: string, options: { userChange?: boolean; extraParams?: Record<string, unknown> } = {}) => {
  const params = testParams(stateDir, {
    forceDisableUserChange: !(options.userChange ?? false),
    processManager: 'sysvinit',
    extraParams: options.extraParams ?? {},
  });
  const result = computeBuild({ definition, params: { ...params, ...(options.extraParams ?? {}) }, backend: sysvinit, sourceFile: '/nowhere/processes.ts' });
  return result;
};

const deploy = (result: ReturnType<typeof build>) => {
  writeBuild(result);
  return activationGeneration(result.generation.path, 'sysvinit');
};

const scriptOf = (result: ReturnType<typeof build>, instance: string): string => {
  const entry = result.processEntries.get(instance)!;
  const node = entry.files.find((f) => f.path.startsWith('etc/init.d/'))!;
  assert.equal(node.kind, 'file');
  return node.kind === 'file' ? node.content : '';
};

const pidOf = (_stateDir: string, file: string): number => Number(readFileSync(file, 'utf8').trim());
const pidOfInstance = (settings: Parameters<typeof installedScripts>[0], instance: string): number => {
  const installed = [...installedScripts(settings).values()].find((s) => s.record.instance === instance)!;
  return Number(readFileSync(installed.record.pidFile, 'utf8').trim());
};

test('the webapps example renders LSB scripts with sequences, deterministically', async () => {
  const definition = await loadDefinition(WEBAPPS);
  const a = build(definition, '/srv/pf');
  const b = build(await loadDefinition(WEBAPPS), '/srv/pf');
  assert.equal(a.generation.path, b.generation.path);
  const webapp = scriptOf(a, 'webapp');
  const nginx = scriptOf(a, 'nginx');
  assert.match(webapp, /^### BEGIN INIT INFO\n# Provides: {10}webapp\n# Required-Start:\n/m);
  assert.match(webapp, /# Default-Start: {5}2 3 4 5\n# Default-Stop: {6}0 1 6\n/);
  assert.match(webapp, /# X-Start-Sequence: {2}00\n# X-Stop-Sequence: {3}99\n/);
  assert.match(nginx, /# Required-Start: {4}webapp\n/);
  assert.match(nginx, /# X-Start-Sequence: {2}01\n# X-Stop-Sequence: {3}98\n/);
  // Daemon mode preferred: the webapp forks itself (-D) and is not backgrounded.
  assert.match(webapp, /--startas "\$exe".* -- -D\n/);
  assert.doesNotMatch(webapp, /--background/);
  // The node proxy is foreground-only: daemonised by start-stop-daemon.
  assert.match(nginx, /--background --make-pidfile --output "\$logfile"/);
  for (const script of [webapp, nginx]) {
    const check = spawnSync('sh', ['-n'], { input: script });
    assert.equal(check.status, 0, check.stderr.toString());
  }
});

test('overrides change runlevels and reload; invalid overrides are refused', () => {
  const definition = defineProcesses(() => ({
    a: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1000'], overrides: { sysvinit: { runlevels: [3, 5], reloadSignal: null } } }) },
  }));
  const script = scriptOf(build(definition, '/srv/pf'), 'a');
  assert.match(script, /# Default-Start: {5}3 5\n# Default-Stop: {6}0 1 2 4 6\n/);
  assert.match(script, /reload\(\) \{\n {2}stop && start\n\}/);
  const bad = defineProcesses(() => ({
    a: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', overrides: { sysvinit: { runlevels: [9] } } }) },
  }));
  assert.throws(() => build(bad, '/srv/pf'), /runlevel 9/);
});

test('notify readiness is rejected with a clear error', () => {
  const definition = defineProcesses(() => ({
    a: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', readiness: { kind: 'notify' } }) },
  }));
  assert.throws(() => build(definition, '/srv/pf'), /notify.*not supported by the sysvinit backend/);
});

test('hostile values survive the generated script (syntax and exact words)', () => {
  const definition = defineProcesses(() => ({
    h: {
      pkg: createManagedProcess({
        foregroundProcess: '/bin/sleep', args: HOSTILE_VALUES, environment: HOSTILE_ENVIRONMENT,
        description: 'multi\nline $(id) description', directory: '/tmp/with space', initialize: "echo 'init' $HOME",
      }),
    },
  }));
  const script = scriptOf(build(definition, "/srv/p f'$x"), 'h');
  assert.equal(spawnSync('sh', ['-n'], { input: script }).status, 0);
  assert.match(script, /# Description: {7}multi line \$\(id\) description\n/);
  assert.equal(spawnSync('bash', ['-n'], { input: script }).status, 0);
});

test('real scripts: start, status, restart, reload, stop (unprivileged profile)', { skip: skipReal }, async (t) => {
  const stateDir = tempState();
  const later = cleanups(t);
  later(() => rmSync(stateDir, { recursive: true, force: true }));
  const definition = defineProcesses(() => ({
    p: { pkg: createManagedProcess({ foregroundProcess: PRINT_ENV, args: [join(stateDir, 'facts.json'), 'a b'], umask: '0027', nice: 3, directory: stateDir, environment: { GREETING: "it's" } }) },
  }));
  const result = build(definition, stateDir);
  writeBuild(result);
  const entry = result.processEntries.get('p')!.path;
  const script = join(entry, 'etc/init.d/p');
  const run = (action: string) => spawnSync(script, [action], { encoding: 'utf8' });
  later(() => run('stop'));
  assert.equal(run('status').status, 3);
  assert.equal(run('start').status, 0);
  const facts = await waitFor('facts', () => existsSync(join(stateDir, 'facts.json')) && JSON.parse(readFileSync(join(stateDir, 'facts.json'), 'utf8')));
  assert.deepEqual(facts.argv, [join(stateDir, 'facts.json'), 'a b']);
  assert.equal(facts.env.GREETING, "it's");
  assert.deepEqual(Object.keys(facts.env).sort(), ['GREETING', 'PATH']);
  assert.equal(facts.umask, '0027');
  assert.equal(facts.cwd, stateDir);
  assert.equal(facts.nice, 3);
  const status = run('status');
  assert.equal(status.status, 0);
  assert.match(status.stdout, /p is running/);
  assert.equal(run('start').status, 0, 'start when running is a no-op');
  const pidFile = `${stateDir}/run/p.pid`;
  const first = pidOf(stateDir, pidFile);
  assert.equal(run('restart').status, 0);
  const second = await waitFor('new pid', () => { const pid = pidOf(stateDir, pidFile); return pid !== first && pid; });
  assert.ok(!alive(first));
  assert.equal(run('reload').status, 0);
  await waitFor('reload (HUP) ends print-env', () => !alive(second));
  assert.equal(run('status').status, 1, 'a crashed process leaves its pid file: status 1');
  assert.equal(run('stop').status, 0);
  assert.equal(run('status').status, 3);
  assert.equal(run('bogus').status, 2);
});

test('hostile argv and environment reach the process exactly', { skip: skipReal }, async (t) => {
  const stateDir = tempState();
  const later = cleanups(t);
  later(() => rmSync(stateDir, { recursive: true, force: true }));
  const out = join(stateDir, 'facts.json');
  const definition = await loadDefinition(join(ROOT, 'test/fixtures/models/hostile.ts'));
  const result = build(definition, stateDir, { extraParams: { out, args: HOSTILE_VALUES, environment: HOSTILE_ENVIRONMENT } });
  const generation = deploy(result);
  later(() => switchBackend(sysvinit.activator!, generation, null));
  const outcome = await switchBackend(sysvinit.activator!, null, generation);
  assert.deepEqual(outcome.failed, []);
  const facts = await waitFor('facts', () => existsSync(out) && JSON.parse(readFileSync(out, 'utf8')));
  assert.deepEqual(facts.argv, [out, ...HOSTILE_VALUES]);
  const { PATH, ...rest } = facts.env;
  assert.equal(PATH, '/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  assert.deepEqual(rest, HOSTILE_ENVIRONMENT);
});

test('deploy, switch, rollback and undeploy the webapps example', { skip: skipReal }, async (t) => {
  const stateDir = tempState();
  const later = cleanups(t);
  later(() => rmSync(stateDir, { recursive: true, force: true }));
  const activator = sysvinit.activator!;
  const [webPort, proxyPort, otherPort] = await freePorts(3) as [number, number, number];
  const idsOf = (web: number) => ({ webappPorts: { webapp: web }, nginxPorts: { nginx: proxyPort } });
  const buildWith = async (web: number) => {
    const definition = await loadDefinition(WEBAPPS);
    const params = { ...testParams(stateDir, { forceDisableUserChange: true, processManager: 'sysvinit' }), ids: idsOf(web) };
    const result = computeBuild({ definition, params, backend: sysvinit, sourceFile: WEBAPPS });
    writeBuild(result);
    return activationGeneration(result.generation.path, 'sysvinit');
  };
  const first = await buildWith(webPort);
  let current: typeof first | null = null;
  later(async () => {
    await switchBackend(activator, current, null);
  });
  const up = await switchBackend(activator, null, first);
  current = first;
  assert.deepEqual(up.failed, []);
  assert.deepEqual([...await activator.running(first.settings)].sort(), ['nginx', 'webapp']);
  const page = await get(proxyPort, 'webapp.local');
  assert.match(page.body, new RegExp(`port: ${webPort}`));
  assert.deepEqual(readdirSync(initDir(first.settings)).sort(), ['nginx', 'webapp']);
  assert.equal(readlinkSync(join(stateDir, 'lib/procform/managers/sysvinit/rc3.d/S01nginx')), '../init.d/nginx');
  assert.ok(existsSync(join(stateDir, 'lib/procform/managers/sysvinit/rc0.d/K99webapp')));

  // run-activity: stop everything in reverse order, then start again.
  const stopped = await runActivity(first.settings, 'stop');
  assert.deepEqual(stopped.map((o) => o.name), ['nginx', 'webapp']);
  assert.deepEqual([...await activator.running(first.settings)], []);
  const started = await runActivity(first.settings, 'start');
  assert.deepEqual(started.map((o) => [o.name, o.ok]), [['webapp', true], ['nginx', true]]);

  // A crash is not restarted; running() no longer reports it; the next switch restarts it.
  const webappPid = pidOfInstance(first.settings, 'webapp');
  process.kill(webappPid, 'SIGKILL');
  await waitFor('webapp gone', () => !alive(webappPid));
  assert.deepEqual([...await activator.running(first.settings)], ['nginx']);
  const healed = await switchBackend(activator, first, first);
  assert.deepEqual(healed.plan.start, ['webapp']);
  assert.deepEqual(healed.failed, []);

  // Change the webapp's port: both restart (nginx depends on it).
  const proxyPid = pidOfInstance(first.settings, 'nginx');
  const second = await buildWith(otherPort);
  const switched = await switchBackend(activator, first, second);
  current = second;
  assert.deepEqual(switched.failed, []);
  assert.match((await get(proxyPort, 'webapp.local')).body, new RegExp(`port: ${otherPort}`));
  assert.notEqual(pidOfInstance(first.settings, 'nginx'), proxyPid);

  // Unchanged processes keep their pid.
  const samePid = pidOfInstance(first.settings, 'nginx');
  const again = await switchBackend(activator, second, second);
  assert.deepEqual(again.plan.start, []);
  assert.equal(pidOfInstance(first.settings, 'nginx'), samePid);

  // Rollback to the first generation.
  const back = await switchBackend(activator, second, first);
  current = first;
  assert.deepEqual(back.failed, []);
  assert.match((await get(proxyPort, 'webapp.local')).body, new RegExp(`port: ${webPort}`));

  // Undeploy.
  const down = await switchBackend(activator, first, null);
  current = null;
  assert.deepEqual(down.failed, []);
  assert.deepEqual([...await activator.running(first.settings)], []);
  assert.equal(installedScripts(first.settings).size, 0);
});

test('a process that does not come up fails the switch, which rolls back', { skip: skipReal }, async (t) => {
  const stateDir = tempState();
  const later = cleanups(t);
  later(() => rmSync(stateDir, { recursive: true, force: true }));
  const activator = sysvinit.activator!;
  const good = defineProcesses(() => ({ a: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1000'] }) } }));
  const bad = defineProcesses(() => ({
    a: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1000'], readiness: { kind: 'exec', command: ['/bin/false'], timeout: 1 } }) },
    b: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1000'], dependencies: ['a'] }) },
  }));
  const first = deploy(build(good, stateDir));
  const second = deploy(build(bad, stateDir));
  let current: typeof first | null = first;
  later(() => switchBackend(activator, current, null));
  assert.deepEqual((await switchBackend(activator, null, first)).failed, []);
  const result = await switchBackend(activator, first, second);
  assert.deepEqual(result.failed.map((f) => f.instance), ['a', 'b']);
  assert.match(result.failed[0]!.reason, /not ready within 1 s/);
  assert.match(result.failed[1]!.reason, /dependency a did not come up/);
  assert.ok(result.rolledBack);
  assert.deepEqual([...await activator.running(first.settings)], ['a']);
  current = first;
});

test('as root: the process runs as its user (nobody), initialize and state dirs as root', { skip: skipReal || (isRoot ? false : 'needs root') }, async (t) => {
  const stateDir = tempState();
  const later = cleanups(t);
  later(() => rmSync(stateDir, { recursive: true, force: true }));
  const outDir = join(stateDir, 'out');
  execFileSync('mkdir', ['-m', '1777', outDir]);
  const out = join(outDir, 'facts.json');
  const definition = defineProcesses(() => ({
    p: {
      pkg: createManagedProcess({
        foregroundProcess: PRINT_ENV, args: [out], user: 'nobody',
        initialize: `id -u > ${join(outDir, 'init-uid')}`,
        stateDirs: [{ path: join(stateDir, 'data'), mode: '0700' }],
      }),
    },
  }));
  const generation = deploy(build(definition, stateDir, { userChange: true }));
  later(() => switchBackend(sysvinit.activator!, generation, null));
  const outcome = await switchBackend(sysvinit.activator!, null, generation);
  assert.deepEqual(outcome.failed, []);
  const facts = await waitFor('facts', () => existsSync(out) && JSON.parse(readFileSync(out, 'utf8')));
  const nobody = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
  assert.equal(facts.uid, nobody);
  assert.equal(readFileSync(join(outDir, 'init-uid'), 'utf8').trim(), '0');
  assert.equal(execFileSync('stat', ['-c', '%U %a', join(stateDir, 'data')], { encoding: 'utf8' }).trim(), 'nobody 700');
  assert.deepEqual([...await sysvinit.activator!.running(generation.settings)], ['p']);
  const down = await switchBackend(sysvinit.activator!, generation, null);
  assert.deepEqual(down.failed, []);
  assert.deepEqual([...await sysvinit.activator!.running(generation.settings)], []);
});

test('as root: a daemon-mode process forks as its user (nobody) and is stopped through its pid file', { skip: skipReal || (isRoot ? false : 'needs root') }, async (t) => {
  const stateDir = tempState();
  const later = cleanups(t);
  later(() => rmSync(stateDir, { recursive: true, force: true }));
  const [port] = await freePorts(1) as [number];
  const pidFile = join(stateDir, 'daemons/webapp.pid');
  const definition = defineProcesses(() => ({
    webapp: {
      pkg: createManagedProcess({
        daemon: join(ROOT, 'examples/webapps/bin/webapp.js'), daemonArgs: ['-D'], pidFile, user: 'nobody',
        environment: { PORT: port, PID_FILE: pidFile }, readiness: { kind: 'http', port },
      }),
    },
  }));
  const generation = deploy(build(definition, stateDir, { userChange: true }));
  later(() => switchBackend(sysvinit.activator!, generation, null));
  const outcome = await switchBackend(sysvinit.activator!, null, generation);
  assert.deepEqual(outcome.failed, []);
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  const nobody = execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim();
  assert.equal(execFileSync('ps', ['-o', 'uid=', '-p', String(pid)], { encoding: 'utf8' }).trim(), nobody);
  assert.match((await get(port)).body, new RegExp(String(port)));
  assert.deepEqual([...await sysvinit.activator!.running(generation.settings)], ['webapp']);
  const down = await switchBackend(sysvinit.activator!, generation, null);
  assert.deepEqual(down.failed, []);
  await waitFor('daemon gone', () => !alive(pid));
});

test('log readiness follows the log file; a oneshot counts as up once it succeeded', { skip: skipReal }, async (t) => {
  const stateDir = tempState();
  const later = cleanups(t);
  later(() => rmSync(stateDir, { recursive: true, force: true }));
  const definition = defineProcesses(() => ({
    logger: {
      pkg: createManagedProcess({
        foregroundProcess: '/bin/sh', args: ['-c', 'sleep 0.3; echo "now ready"; exec sleep 1000'],
        readiness: { kind: 'log', pattern: 'now ready', timeout: 10 },
      }),
    },
    once: { pkg: createManagedProcess({ type: 'oneshot', foregroundProcess: '/bin/sh', args: ['-c', 'echo did it'], dependencies: ['logger'] }) },
  }));
  const generation = deploy(build(definition, stateDir));
  later(() => switchBackend(sysvinit.activator!, generation, null));
  const outcome = await switchBackend(sysvinit.activator!, null, generation);
  assert.deepEqual(outcome.failed, []);
  assert.match(readFileSync(join(stateDir, 'log/procform/sysvinit/logger.log'), 'utf8'), /now ready/);
  assert.match(readFileSync(join(stateDir, 'log/procform/sysvinit/once.log'), 'utf8'), /did it/);
  assert.deepEqual([...await sysvinit.activator!.running(generation.settings)].sort(), ['logger', 'once']);
  assert.deepEqual((await switchBackend(sysvinit.activator!, generation, null)).failed, []);
  assert.deepEqual([...await sysvinit.activator!.running(generation.settings)], []);
});
