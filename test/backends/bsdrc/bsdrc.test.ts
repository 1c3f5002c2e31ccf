// The bsdrc backend: golden rc.d scripts for the webapps example, `sh -n` on every script,
// and each script's start/stop run under a stand-in rc.subr (fixtures/rc.subr) that builds
// the command line exactly as FreeBSD's rc.subr does and records the argv it would run.
// The activator, status, logs and control run against a stand-in service(8).
// Generated and checked, not run: FreeBSD's rc.subr, service(8) and daemon(8) are not here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { computeBuild, type BuildResult } from '../../../src/build/build.js';
import { loadDefinition } from '../../../src/model/load.js';
import { createManagedProcess } from '../../../src/model/managed-process.js';
import { defineProcesses, type ProcessesDefinition } from '../../../src/model/define-processes.js';
import { bsdrc } from '../../../src/backends/bsdrc/index.js';
import { encodeWords, inDoubleQuotes, inSingleQuotes } from '../../../src/backends/bsdrc/render.js';
import { deploymentRcConf, rcDir } from '../../../src/backends/bsdrc/activate.js';
import type { BsdrcScript } from '../../../src/backends/bsdrc/record.js';
import { settingsOf } from '../../../src/build/build.js';
import { HOSTILE_ENVIRONMENT, HOSTILE_VALUES } from '../../conformance/hostile.js';
import { goldenDirectory } from '../../helpers/golden.js';
import { testParams } from '../../helpers/params.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const WEBAPPS = join(ROOT, 'examples/webapps/processes.ts');
const ADVANCED = join(ROOT, 'examples/webapps/processes-advanced.ts');
const golden = goldenDirectory(import.meta.url, ['webapps', 'webapps-foreground']);
const me = userInfo().username;

const build = (definition: ProcessesDefinition, stateDir: string, options: { userChange?: boolean; extraParams?: Record<string, unknown> } = {}): BuildResult => {
  const params = testParams(stateDir, { forceDisableUserChange: !(options.userChange ?? false), processManager: 'bsdrc', extraParams: options.extraParams ?? {} });
  return computeBuild({ definition, params, backend: bsdrc, sourceFile: '/nowhere/processes.ts' });
};

const fileOf = (result: BuildResult, instance: string, suffix: string): string => {
  const entry = result.processEntries.get(instance);
  assert.ok(entry, instance);
  const node = entry.files.find((f) => f.path.endsWith(suffix));
  assert.ok(node && node.kind === 'file', `${instance}: ${suffix}`);
  return node.content;
};
const recordOf = (result: BuildResult, instance: string): BsdrcScript => JSON.parse(fileOf(result, instance, 'bsdrc.json')) as BsdrcScript;
const scriptOf = (result: BuildResult, instance: string): string => fileOf(result, instance, `etc/rc.d/${recordOf(result, instance).name}`);

const shSyntaxOk = (script: string): void => {
  const run = spawnSync('sh', ['-n'], { input: script, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
};

/** A temp dir with a recorder (node, via its absolute path) and a record file. */
const harness = () => {
  const dir = mkdtempSync(join(tmpdir(), 'procform-bsdrc-'));
  chmodSync(dir, 0o755);
  const record = join(dir, 'record.jsonl');
  const recorder = join(dir, 'recorder.cjs');
  writeFileSync(
    recorder,
    `#!${process.execPath}\n` +
      `const fs = require('node:fs'); const os = require('node:os');\n` +
      `fs.appendFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd(), umask: process.umask().toString(8).padStart(4, '0'), nice: os.getPriority() }) + '\\n');\n`,
  );
  chmodSync(recorder, 0o755);
  /** Runs `sh <script> <action>` with the stand-in rc.subr; returns the recorded lines. */
  const run = (script: string, action: string): Record<string, unknown>[] => {
    rmSync(record, { force: true });
    const file = join(dir, 'script');
    assert.ok(script.includes('\n. /etc/rc.subr\n'));
    writeFileSync(file, script.replace('\n. /etc/rc.subr\n', `\n. ${join(FIXTURES, 'rc.subr')}\n`));
    const out = spawnSync('sh', [file, action], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', RC_SUBR_RECORD: record, RC_SUBR_RECORDER: recorder, RC_SUBR_BIN: FIXTURES },
    });
    assert.equal(out.status, 0, `${action}: ${out.stderr}`);
    let text = '';
    try {
      text = readFileSync(record, 'utf8');
    } catch {
      // nothing recorded
    }
    return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
  };
  return { dir, run, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
};

test('the webapps example matches the golden files (UPDATE_GOLDEN=1 regenerates)', async () => {
  for (const [label, extraParams] of [['webapps', {}], ['webapps-foreground', { webappMode: 'foreground' }]] as const) {
    const result = build(await loadDefinition(WEBAPPS), '/srv/pf', { userChange: true, extraParams });
    golden.match(label, new Map([...result.processEntries].flatMap(([instance, entry]) =>
      entry.files.flatMap((node) => (node.kind === 'file' ? [[`${instance}/${node.path}`, node.content.replaceAll(ROOT, '<root>')] as const] : [])))));
  }
});

test('every generated script passes sh -n', async () => {
  for (const model of [WEBAPPS, ADVANCED]) {
    for (const extraParams of [{}, { webappMode: 'foreground' }]) {
      for (const userChange of [false, true]) {
        const a = build(await loadDefinition(model), '/srv/pf', { userChange, extraParams });
        for (const instance of a.processEntries.keys()) {
          const script = scriptOf(a, instance);
          shSyntaxOk(script);
          assert.match(script, /^#!\/bin\/sh\n#\n# PROVIDE: \w+\n# REQUIRE: FILESYSTEMS[\w ]*\n# KEYWORD: shutdown\n/);
        }
      }
    }
  }
});

test('webapps: dependencies become # REQUIRE, foreground runs under daemon(8) with -p and -P', async () => {
  const result = build(await loadDefinition(WEBAPPS), '/srv/pf', { userChange: true, extraParams: { webappMode: 'foreground' } });
  const nginx = recordOf(result, 'nginx');
  const webapp = recordOf(result, 'webapp');
  assert.ok(nginx.requires.includes(webapp.name));
  assert.match(scriptOf(result, 'nginx'), new RegExp(`# REQUIRE: FILESYSTEMS ${webapp.name}\\n`));
  assert.equal(webapp.mode, 'foreground');
  assert.equal(webapp.argv[0], '/usr/sbin/daemon');
  const flags = webapp.argv.slice(0, webapp.argv.indexOf('--'));
  assert.equal(flags[flags.indexOf('-p') + 1], webapp.childPidFile);
  assert.equal(flags[flags.indexOf('-P') + 1], webapp.pidFile, 'rc.subr checks and signals daemon(8) itself');
  assert.ok(flags.includes('-r') && flags.includes('-R'), 'restart: always');
  const daemonMode = recordOf(build(await loadDefinition(WEBAPPS), '/srv/pf'), 'webapp');
  assert.equal(daemonMode.mode, 'daemon');
  assert.equal(daemonMode.pidFile, daemonMode.childPidFile);
  const conf = fileOf(result, 'webapp', `etc/rc.conf.d/${webapp.name}`);
  assert.equal(conf, `${webapp.name}_enable="YES"\n`);
});

test('the deployment rc.conf fragment enables every script and adds the rc.d dir to local_startup', async () => {
  const result = build(await loadDefinition(WEBAPPS), "/srv/p f'x", { userChange: true });
  const settings = settingsOf(testParams("/srv/p f'x"));
  const scripts = [...result.processEntries.keys()].map((instance) => ({ script: '', record: recordOf(result, instance) }));
  const text = deploymentRcConf(settings, scripts);
  shSyntaxOk(text);
  const dir = mkdtempSync(join(tmpdir(), 'procform-bsdrc-'));
  writeFileSync(join(dir, 'procform.rc.conf'), text);
  const out = spawnSync('sh', ['-c', `local_startup=/usr/local/etc/rc.d; . "$1"; printf '%s\\n' "$local_startup" "$webapp_enable"`, 'sh', join(dir, 'procform.rc.conf')], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(out.stdout, `/usr/local/etc/rc.d ${rcDir(settings)}\nYES\n`);
});

test('quoting levels: each encoding reads back exactly through its shell context', () => {
  for (const value of HOSTILE_VALUES.filter((v) => v.length < 100)) {
    const dq = spawnSync('sh', ['-c', `printf %s "${inDoubleQuotes(value)}"`], { encoding: 'utf8' });
    assert.equal(dq.stdout, value);
    const sq = spawnSync('sh', ['-c', `printf %s '${inSingleQuotes(value)}'`], { encoding: 'utf8' });
    assert.equal(sq.stdout, value);
  }
  assert.equal(encodeWords(['a b'], 'plain'), "'a b'");
  assert.equal(encodeWords(['a b'], 'sh -c'), "'a b'");
  assert.equal(encodeWords(["it's"], 'plain'), `'it'\\''s'`);
  assert.equal(encodeWords(["it's"], 'su'), inSingleQuotes(inDoubleQuotes(`'it'\\''s'`)));
});

/** A hostile process for the stand-in runs. */
const hostileModel = (options: { user: boolean; nice: boolean; daemon: boolean; directory: string; out: string }) =>
  defineProcesses(() => ({
    hostile: {
      pkg: createManagedProcess({
        name: 'hostile',
        ...(options.daemon ? { daemon: '/opt/hostile/bin/hostiled' } : { foregroundProcess: 'hostile-exe' }),
        args: HOSTILE_VALUES,
        environment: HOSTILE_ENVIRONMENT,
        directory: options.directory,
        umask: '0027',
        ...(options.nice ? { nice: 5 } : {}),
        ...(options.user ? { user: me } : {}),
        initialize: `printf '%s\\n' "init $HOSTILE_3" > ${JSON.stringify(options.out)}`,
        stopSignal: options.daemon ? 'INT' : 'TERM',
      }),
    },
  }));

for (const user of [false, true]) {
  for (const nice of [false, true]) {
    for (const daemon of [false, true]) {
      test(`stand-in rc.subr: start runs exactly the model's argv and environment (user ${user}, nice ${nice}, ${daemon ? 'daemon' : 'foreground'} mode)`, (t) => {
        const h = harness();
        t.after(h.cleanup);
        const directory = join(h.dir, `with space ' " $HOME $(id) \`id\` \\ ; & *`);
        mkdirSync(directory);
        const out = join(h.dir, 'init.txt');
        const result = build(hostileModel({ user, nice, daemon, directory, out }), join(h.dir, 'state'), { userChange: user });
        const record = recordOf(result, 'hostile');
        const script = scriptOf(result, 'hostile');
        shSyntaxOk(script);
        if (user) assert.equal(record.user, me);
        const lines = h.run(script, 'onestart');
        const su = lines.filter((l) => 'su' in l);
        const starts = lines.filter((l) => 'argv' in l);
        assert.deepEqual(su, user ? [{ su: me }] : []);
        assert.equal(starts.length, 1);
        const started = starts[0] as { argv: string[]; env: Record<string, string>; cwd: string; umask: string; nice: number };
        const exe = daemon ? '/opt/hostile/bin/hostiled' : 'hostile-exe';
        assert.deepEqual(started.argv, record.argv);
        assert.deepEqual(started.argv.slice(started.argv.length - HOSTILE_VALUES.length - 1), [exe, ...HOSTILE_VALUES]);
        if (!daemon) assert.equal(started.argv[0], '/usr/sbin/daemon');
        assert.deepEqual(started.env, record.environment);
        assert.deepEqual({ ...started.env, PATH: undefined }, { ...HOSTILE_ENVIRONMENT, PATH: undefined });
        assert.equal(started.cwd, directory);
        assert.equal(started.umask, '0027');
        if (nice) assert.equal(started.nice, 5);
        assert.equal(readFileSync(out, 'utf8'), `init ${HOSTILE_VALUES[3]}\n`, 'initialize ran with the environment, before the start');
        const stops = h.run(script, 'onestop');
        assert.deepEqual(stops, [{ stop: { signal: daemon ? 'INT' : 'TERM', pidfile: record.pidFile, user: user ? me : '' } }]);
      });
    }
  }
}

test('the webapps scripts run under the stand-in with exactly their records\' argv', async (t) => {
  const h = harness();
  t.after(h.cleanup);
  for (const extraParams of [{}, { webappMode: 'foreground' }]) {
    const result = build(await loadDefinition(WEBAPPS), join(h.dir, 'state'), { extraParams });
    for (const instance of result.processEntries.keys()) {
      const record = recordOf(result, instance);
      const started = h.run(scriptOf(result, instance), 'onestart').filter((l) => 'argv' in l);
      assert.equal(started.length, 1, instance);
      assert.deepEqual((started[0] as { argv: string[] }).argv, record.argv, instance);
      assert.deepEqual((started[0] as { env: Record<string, string> }).env, record.environment, instance);
    }
  }
});

test('inexpressible features are rejected with clear errors', () => {
  const one = (process: Parameters<typeof createManagedProcess>[0]) => defineProcesses(() => ({ a: { pkg: createManagedProcess(process) } }));
  assert.throws(() => build(one({ daemon: '/opt/my daemon', pidFile: '/run/x.pid' }), '/srv/pf'), /absolute path of plain characters/);
  assert.throws(() => build(one({ name: 'web-app', foregroundProcess: '/bin/sleep' }), '/srv/pf'), /cannot be a FreeBSD rc.d script name/);
  for (const l of bsdrc.limitations) assert.ok(l.reason.length > 10, l.feature);
});

test('activator (with a stand-in service(8)): installs rc.d links and procform.rc.conf, runs onestop/onestart in dependency order', async (t) => {
  const { writeBuild } = await import('../../../src/build/build.js');
  const { activationGeneration, switchBackend } = await import('../../../src/deploy/switch-backend.js');
  const { existsSync, readdirSync, readlinkSync } = await import('node:fs');
  const h = harness();
  t.after(h.cleanup);
  const bin = join(h.dir, 'bin');
  const up = join(h.dir, 'up');
  const log = join(h.dir, 'service.log');
  mkdirSync(bin);
  mkdirSync(up);
  writeFileSync(
    join(bin, 'service'),
    `#!/bin/sh\necho "$1 $2" >>${log}\ncase $2 in onestatus) [ -e ${up}/"$1" ] ;; onestart) touch ${up}/"$1" ;; onestop) rm -f ${up}/"$1" ;; *) exit 2 ;; esac\n`,
  );
  chmodSync(join(bin, 'service'), 0o755);
  const savedPath = process.env.PATH;
  process.env.PATH = `${bin}:${savedPath ?? ''}`;
  t.after(() => {
    process.env.PATH = savedPath;
  });
  const stateDir = join(h.dir, 'state');
  // No readiness: the stand-in service starts nothing that could be probed.
  const model = (args: string[]) =>
    defineProcesses(() => ({
      webapp: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args }) },
      nginx: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1000'], dependencies: ['webapp'] }) },
    }));
  const generation = async (extraParams: Record<string, unknown>) => {
    const result = build(model(extraParams['webappMode'] === 'foreground' ? ['2000'] : ['1000']), stateDir, { extraParams });
    writeBuild(result);
    return activationGeneration(result.generation.path, 'bsdrc');
  };
  const settings = settingsOf(testParams(stateDir));
  const calls = (): string[] => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter((l) => !l.endsWith('onestatus')) : []);
  const first = await generation({});
  assert.deepEqual((await switchBackend(bsdrc.activator!, null, first)).failed, []);
  assert.deepEqual(calls(), ['webapp onestart', 'nginx onestart']);
  assert.deepEqual(readdirSync(rcDir(settings)).sort(), ['nginx', 'webapp']);
  shSyntaxOk(readFileSync(join(rcDir(settings), 'webapp'), 'utf8'));
  assert.match(readlinkSync(join(rcDir(settings), 'webapp')), /\/etc\/rc\.d\/webapp$/);
  const conf = readFileSync(join(settings.libDir, 'procform/managers/bsdrc/procform.rc.conf'), 'utf8');
  assert.match(conf, /^nginx_enable="YES"\nwebapp_enable="YES"\n$/m);
  assert.deepEqual([...(await bsdrc.activator!.running(settings))].sort(), ['nginx', 'webapp']);
  rmSync(log);
  const second = await generation({ webappMode: 'foreground' });
  assert.deepEqual((await switchBackend(bsdrc.activator!, first, second)).failed, []);
  assert.deepEqual(calls(), ['nginx onestop', 'webapp onestop', 'webapp onestart', 'nginx onestart']);
  rmSync(log);
  assert.deepEqual((await switchBackend(bsdrc.activator!, second, null)).failed, []);
  assert.deepEqual(calls(), ['nginx onestop', 'webapp onestop']);
  assert.deepEqual(readdirSync(rcDir(settings)), []);
});

test('status from service onestatus, logs from the log file, restart and stop of a dependency in order (stand-in service(8))', async (t) => {
  const { writeBuild } = await import('../../../src/build/build.js');
  const { activationGeneration, switchBackend } = await import('../../../src/deploy/switch-backend.js');
  const { existsSync } = await import('node:fs');
  const h = harness();
  t.after(h.cleanup);
  const bin = join(h.dir, 'bin');
  const up = join(h.dir, 'up');
  const log = join(h.dir, 'service.log');
  mkdirSync(bin);
  mkdirSync(up);
  writeFileSync(
    join(bin, 'service'),
    `#!/bin/sh\necho "$1 $2" >>${log}\ncase $2 in onestatus) [ -e ${up}/"$1" ] && echo "$1 is running as pid 4242." ;; onestart) touch ${up}/"$1" ;; onestop) rm -f ${up}/"$1" ;; *) exit 2 ;; esac\n`,
  );
  chmodSync(join(bin, 'service'), 0o755);
  const savedPath = process.env.PATH;
  process.env.PATH = `${bin}:${savedPath ?? ''}`;
  t.after(() => {
    process.env.PATH = savedPath;
  });
  const result = build(defineProcesses(() => ({
    webapp: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1000'] }) },
    nginx: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1000'], dependencies: ['webapp'] }) },
  })), join(h.dir, 'state'));
  writeBuild(result);
  const generation = activationGeneration(result.generation.path, 'bsdrc');
  const calls = (): string[] => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter((l) => !l.endsWith('onestatus')) : []);
  assert.deepEqual((await switchBackend(bsdrc.activator!, null, generation)).failed, []);
  const rows = async () => Object.fromEntries((await bsdrc.activator!.status!(generation)).processes.map((p) => [p.instance, [p.state, p.pid]]));
  assert.deepEqual(await rows(), { webapp: ['ready', 4242], nginx: ['ready', 4242] }, 'the pid rc.subr reports, as no pid file of the stand-in runs');
  assert.deepEqual((await bsdrc.activator!.status!(generation)).unknown, ['since', 'restarts', 'lastExit']);

  const record = JSON.parse(readFileSync(join(generation.units.find((u) => u.instance === 'webapp')!.entry, 'bsdrc.json'), 'utf8')) as BsdrcScript;
  mkdirSync(dirname(record.logFile), { recursive: true });
  writeFileSync(record.logFile, 'one\ntwo\nthree\n');
  const lines: unknown[] = [];
  await bsdrc.activator!.logs!(generation, 'webapp', { lines: 2, follow: false }, (line) => lines.push(line));
  assert.deepEqual(lines, [{ instance: 'webapp', stream: 'stdout', text: 'two' }, { instance: 'webapp', stream: 'stdout', text: 'three' }]);

  rmSync(log);
  assert.deepEqual((await bsdrc.activator!.control!('restart', ['webapp'], generation)).failed, []);
  assert.deepEqual(calls(), ['nginx onestop', 'webapp onestop', 'webapp onestart', 'nginx onestart']);
  rmSync(log);
  assert.deepEqual((await bsdrc.activator!.control!('stop', ['webapp'], generation)).failed, []);
  assert.deepEqual(calls(), ['nginx onestop', 'webapp onestop']);
  assert.deepEqual(await rows(), { webapp: ['down', null], nginx: ['down', null] });
});
