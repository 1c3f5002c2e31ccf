// The cygrunsrv backend: generated files (golden), the --args encoding against cygrunsrv's
// own splitting rule, install.sh round trips, the activation command sequence, and status,
// logs and control, all with a recording stand-in for cygrunsrv (cygrunsrv only exists on Cygwin: generated, not run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { computeBuild, writeBuild } from '../../../src/build/build.js';
import { loadDefinition } from '../../../src/model/load.js';
import { createManagedProcess } from '../../../src/model/managed-process.js';
import { defineProcesses, type ProcessesDefinition } from '../../../src/model/define-processes.js';
import { activationGeneration, switchBackend } from '../../../src/deploy/switch-backend.js';
import { cygrunsrv } from '../../../src/backends/cygrunsrv/index.js';
import { encodeArg, encodeArgs, splitArgs } from '../../../src/backends/cygrunsrv/args.js';
import { HOSTILE_ENVIRONMENT, HOSTILE_VALUES } from '../../conformance/hostile.js';
import { goldenDirectory } from '../../helpers/golden.js';
import { testParams } from '../../helpers/params.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const HERE = import.meta.dirname;
const golden = goldenDirectory(import.meta.url, ['.']);
const WEBAPPS = join(ROOT, 'examples/webapps/processes.ts');
const PRINT_ENV = join(ROOT, 'test/fixtures/bin/print-env.js');
const FAKE = join(HERE, 'fake-cygrunsrv.sh');

type Result = ReturnType<typeof computeBuild>;

const build = (definition: ProcessesDefinition, stateDir: string, userChange = false): Result =>
  computeBuild({
    definition,
    params: testParams(stateDir, { forceDisableUserChange: !userChange, processManager: 'cygrunsrv' }),
    backend: cygrunsrv,
    sourceFile: '/nowhere/processes.ts',
  });

const fileOf = (result: Result, instance: string, path: string): string | undefined => {
  const node = result.processEntries.get(instance)!.files.find((f) => f.path === path);
  return node?.kind === 'file' ? node.content : undefined;
};

/** A temp dir with the stand-in on PATH as `cygrunsrv`. */
const fakeEnvironment = () => {
  const dir = mkdtempSync(join(tmpdir(), 'procform-cygrunsrv-'));
  chmodSync(dir, 0o755);
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const script = readFileSync(FAKE, 'utf8');
  writeFileSync(join(bin, 'cygrunsrv'), script, { mode: 0o755 });
  const log = join(dir, 'calls.jsonl');
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, FAKE_CYGRUNSRV_LOG: log, FAKE_CYGRUNSRV_STATE: join(dir, 'services') };
  const calls = (): string[][] => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as string[]) : []);
  const reset = (): void => rmSync(log, { force: true });
  return { dir, env, calls, reset };
};

/** Installs the stand-in into this process's environment (the activator spawns `cygrunsrv` from PATH). */
const withFake = async <T>(fake: ReturnType<typeof fakeEnvironment>, body: () => Promise<T>): Promise<T> => {
  const saved = { PATH: process.env.PATH, LOG: process.env.FAKE_CYGRUNSRV_LOG, STATE: process.env.FAKE_CYGRUNSRV_STATE };
  process.env.PATH = fake.env.PATH;
  process.env.FAKE_CYGRUNSRV_LOG = fake.env.FAKE_CYGRUNSRV_LOG;
  process.env.FAKE_CYGRUNSRV_STATE = fake.env.FAKE_CYGRUNSRV_STATE;
  try {
    return await body();
  } finally {
    process.env.PATH = saved.PATH;
    if (saved.LOG === undefined) delete process.env.FAKE_CYGRUNSRV_LOG; else process.env.FAKE_CYGRUNSRV_LOG = saved.LOG;
    if (saved.STATE === undefined) delete process.env.FAKE_CYGRUNSRV_STATE; else process.env.FAKE_CYGRUNSRV_STATE = saved.STATE;
  }
};

/** What cygrunsrv's service_main does with a recorded --install argv: split --args, set --env, execv --path. */
const emulateService = (installArgv: readonly string[], extraEnv: Record<string, string>) => {
  let path = '';
  let args: string | null = null;
  const env: Record<string, string> = { ...extraEnv };
  for (let i = 0; i < installArgv.length; i++) {
    const option = installArgv[i]!;
    if (option === '--path') path = installArgv[++i]!;
    else if (option === '--args') args = installArgv[++i]!;
    else if (option === '--env') {
      const value = installArgv[++i]!;
      const eq = value.indexOf('=');
      env[value.slice(0, eq)] = value.slice(eq + 1);
    }
  }
  const argv = args === null ? [] : splitArgs(args);
  return spawnSync(path, argv, { env, encoding: 'utf8', timeout: 10000 });
};

test('the webapps example renders golden install files, deterministically', async () => {
  const a = build(await loadDefinition(WEBAPPS), '/srv/pf', true);
  const b = build(await loadDefinition(WEBAPPS), '/srv/pf', true);
  assert.equal(a.generation.path, b.generation.path);
  // The example's executables live in the checkout: its path is written as @ROOT@.
  golden.match('.', new Map([...a.processEntries].flatMap(([instance, entry]) => entry.files.flatMap((node) =>
    (node.kind !== 'file' || node.path === 'cygrunsrv.json' ? [] : [[`${instance}.${node.path.replace(/\//g, '_')}`, node.content.split(ROOT).join('@ROOT@')] as const])))));
  const webapp = JSON.parse(fileOf(a, 'webapp', 'install.json')!) as string[];
  const nginx = JSON.parse(fileOf(a, 'nginx', 'install.json')!) as string[];
  assert.deepEqual(webapp.slice(0, 2), ['--install', 'procform-webapp']);
  assert.ok(nginx.join('\n').includes('--dep\nprocform-webapp'));
  assert.ok(webapp.includes('--user'));
  assert.match(fileOf(a, 'webapp', 'install.sh')!, /PROCFORM_CYGRUNSRV_PASSWORD/);
  for (const instance of a.processEntries.keys()) {
    for (const script of ['install.sh', 'remove.sh']) assert.equal(spawnSync('sh', ['-n'], { input: fileOf(a, instance, script)! }).status, 0);
  }
});

test('--args encoding: every hostile value decodes back exactly, or is reported unrepresentable', () => {
  for (const value of HOSTILE_VALUES) {
    const word = encodeArg(value);
    if (word === null) {
      assert.ok(value.includes("'") && value.includes('"'), `only values with both quotes may be unrepresentable: ${value}`);
      continue;
    }
    assert.deepEqual(splitArgs(word), [value]);
  }
  const representable = HOSTILE_VALUES.filter((v) => encodeArg(v) !== null);
  const encoded = encodeArgs(representable);
  assert.ok(encoded.ok);
  if (encoded.ok) assert.deepEqual(splitArgs(encoded.args), representable);
  const bad = encodeArgs(['ok', 'both \' and " quotes']);
  assert.deepEqual(bad, { ok: false, unrepresentable: ['both \' and " quotes'] });
  // cygrunsrv's splitter: tabs and newlines are ordinary; quotes only open a word.
  assert.deepEqual(splitArgs("a\tb 'c d'e \"f' g\" h\"i ''"), ['a\tb', 'c d', 'e', "f' g", 'h"i', '']);
});

test('install.sh runs exactly install.json; hostile argv and env reach the process (emulated service start)', { timeout: 60000 }, async (t) => {
  const fake = fakeEnvironment();
  t.after(() => rmSync(fake.dir, { recursive: true, force: true }));
  const out = join(fake.dir, 'facts.json');
  for (const [label, args] of [['representable', HOSTILE_VALUES.filter((v) => encodeArg(v) !== null)], ['all', HOSTILE_VALUES]] as const) {
    rmSync(out, { force: true });
    fake.reset();
    rmSync(join(fake.dir, 'services'), { recursive: true, force: true });
    const definition = defineProcesses(() => ({
      h: { pkg: createManagedProcess({ foregroundProcess: PRINT_ENV, args: [out, ...args], environment: HOSTILE_ENVIRONMENT, description: 'multi\nline $(id) "desc"' }) },
    }));
    const result = build(definition, join(fake.dir, `state-${label}`));
    writeBuild(result);
    const entry = result.processEntries.get('h')!.path;
    const intended = JSON.parse(readFileSync(join(entry, 'install.json'), 'utf8')) as string[];
    const installed = spawnSync(join(entry, 'install.sh'), [], { env: fake.env, encoding: 'utf8' });
    assert.equal(installed.status, 0, installed.stderr);
    assert.deepEqual(fake.calls(), [intended], `${label}: recorded argv`);
    const usesScript = existsSync(join(entry, 'bin/h-start'));
    assert.equal(usesScript, label === 'all', `${label}: the start script carries the argv only when --args cannot`);
    // Start it as cygrunsrv would, and compare what the process received.
    const service = emulateService(intended, { PATH: process.env.PATH ?? '/usr/bin:/bin' });
    const child = service.pid;
    assert.ok(child !== undefined);
    const facts = JSON.parse(readFileSync(out, 'utf8')) as { argv: string[]; env: Record<string, string> };
    assert.deepEqual(facts.argv, [out, ...args], `${label}: argv`);
    for (const [k, v] of Object.entries(HOSTILE_ENVIRONMENT)) assert.equal(facts.env[k], v, `${label}: env ${k}`);
    // (print-env runs until stopped; spawnSync's timeout ended it.)
  }
});

test('umask, nice, initialize and state dirs go through the sh start script', () => {
  const definition = defineProcesses(() => ({
    p: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1000'], umask: '0027', nice: 5, initialize: "echo 'x' > $HOME/y", stateDirs: ['/srv/pf/data'] }) },
  }));
  const result = build(definition, '/srv/pf');
  const argv = JSON.parse(fileOf(result, 'p', 'install.json')!) as string[];
  const script = fileOf(result, 'p', 'bin/p-start')!;
  assert.equal(argv[argv.indexOf('--path') + 1], `${result.processEntries.get('p')!.path}/bin/p-start`);
  assert.deepEqual(splitArgs(argv[argv.indexOf('--args') + 1]!), ['/bin/sleep', '1000']);
  assert.match(script, /umask 0027\nexec nice -n 5 "\$@"\n$/);
  assert.match(script, /\/bin\/sh -c 'echo '\\''x'\\'' > \$HOME\/y'/);
  assert.equal(spawnSync('sh', ['-n'], { input: script }).status, 0);
});

test('daemon-only processes use --pidfile; restart always sets --neverexits; bad input is rejected', () => {
  const definition = defineProcesses(() => ({
    d: { pkg: createManagedProcess({ daemon: '/usr/sbin/food', args: ['-D'], pidFile: '/srv/pf/run/food.pid', restart: 'always', stopSignal: 'INT' }) },
    f: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', restart: 'no' }) },
  }));
  const result = build(definition, '/srv/pf');
  const d = JSON.parse(fileOf(result, 'd', 'install.json')!) as string[];
  const f = JSON.parse(fileOf(result, 'f', 'install.json')!) as string[];
  assert.equal(d[d.indexOf('--pidfile') + 1], '/srv/pf/run/food.pid');
  assert.ok(d.includes('--neverexits'));
  assert.equal(d[d.indexOf('--termsig') + 1], 'INT');
  assert.ok(!f.includes('--neverexits') && !f.includes('--pidfile') && !f.includes('--args'));
  const overridden = defineProcesses(() => ({
    a: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', overrides: { cygrunsrv: { args: ['both \' and " quotes x'], startScript: null } } }) },
  }));
  assert.throws(() => build(overridden, '/srv/pf'), /cannot be passed through --args: "both ' and \\" quotes x"/);
});

test('activation: deploy, change, failed switch with rollback, undeploy (recorded cygrunsrv calls)', { timeout: 120000 }, async (t) => {
  const fake = fakeEnvironment();
  t.after(() => rmSync(fake.dir, { recursive: true, force: true }));
  const stateDir = join(fake.dir, 'state');
  const model = (version: string) => defineProcesses(() => {
    const db = createManagedProcess({ name: 'db', foregroundProcess: '/bin/sleep', args: ['1000'] });
    const app = createManagedProcess({ name: 'app', foregroundProcess: '/bin/sleep', args: [version], dependencies: [db], readiness: { kind: 'exec', command: ['true'], timeout: 5 } });
    return { db: { pkg: db }, app: { pkg: app } };
  });
  const generation = (version: string) => {
    const result = build(model(version), stateDir);
    writeBuild(result);
    return activationGeneration(result.generation.path, 'cygrunsrv');
  };
  const g1 = generation('1');
  const g2 = generation('2');
  const readable = () => fake.calls().map((c) => c.slice(0, 2).join(' '));
  await withFake(fake, async () => {
    const first = await switchBackend(cygrunsrv.activator!, null, g1);
    assert.deepEqual(first.failed, []);
    assert.deepEqual(readable().filter((c) => !c.startsWith('--query')), ['--install procform-db', '--install procform-app', '--start procform-db', '--start procform-app']);
    assert.deepEqual([...(await cygrunsrv.activator!.running(g1.settings))].sort(), ['app', 'db']);

    fake.reset();
    const second = await switchBackend(cygrunsrv.activator!, g1, g2);
    assert.deepEqual(second.failed, []);
    assert.deepEqual(readable().filter((c) => !c.startsWith('--query')), ['--stop procform-app', '--remove procform-app', '--install procform-app', '--start procform-app'], 'only the changed service; db untouched');

    fake.reset();
    process.env.FAKE_CYGRUNSRV_FAIL_START = 'procform-app';
    let third;
    try {
      third = await switchBackend(cygrunsrv.activator!, g2, g1);
    } finally {
      delete process.env.FAKE_CYGRUNSRV_FAIL_START;
    }
    assert.equal(third.failed[0]?.instance, 'app');
    assert.deepEqual(readable().filter((c) => !c.startsWith('--query')), [
      '--stop procform-app', '--remove procform-app', '--install procform-app', '--start procform-app',
      // Rollback to g2: the failed g1 app is stopped and removed, g2's installed again (its start also fails in the stand-in).
      '--stop procform-app', '--remove procform-app', '--install procform-app', '--start procform-app',
    ]);
    assert.equal(third.rolledBack, false, 'the stand-in keeps failing the start, so the way back fails too');

    fake.reset();
    const fourth = await switchBackend(cygrunsrv.activator!, g2, g2);
    assert.deepEqual(fourth.failed, []);
    assert.deepEqual(readable().filter((c) => !c.startsWith('--query')), ['--start procform-app'], 'a stopped service is started, not reinstalled');

    fake.reset();
    const last = await switchBackend(cygrunsrv.activator!, g2, null);
    assert.deepEqual(last.failed, []);
    assert.deepEqual(readable().filter((c) => !c.startsWith('--query')), ['--stop procform-app', '--stop procform-db', '--remove procform-app', '--remove procform-db']);
    assert.deepEqual(readdirSync(join(fake.dir, 'services')), []);
  });
});

test('status from cygrunsrv --query, logs from the output files, restart and stop of a dependency in order (recorded calls)', { timeout: 120000 }, async (t) => {
  const fake = fakeEnvironment();
  t.after(() => rmSync(fake.dir, { recursive: true, force: true }));
  const stateDir = join(fake.dir, 'state');
  const result = build(defineProcesses(() => {
    const db = createManagedProcess({ name: 'db', foregroundProcess: '/bin/sleep', args: ['1000'] });
    const app = createManagedProcess({ name: 'app', foregroundProcess: '/bin/sleep', args: ['1'], dependencies: [db], readiness: { kind: 'exec', command: ['true'], timeout: 5 } });
    return { db: { pkg: db }, app: { pkg: app } };
  }), stateDir);
  writeBuild(result);
  const generation = activationGeneration(result.generation.path, 'cygrunsrv');
  const changes = () => fake.calls().map((c) => c.slice(0, 2).join(' ')).filter((c) => !c.startsWith('--query'));
  await withFake(fake, async () => {
    assert.deepEqual((await switchBackend(cygrunsrv.activator!, null, generation)).failed, []);
    const rows = async () => Object.fromEntries((await cygrunsrv.activator!.status!(generation)).processes.map((p) => [p.instance, [p.state, p.ready]]));
    // app declares readiness, which only procform probes: up, readiness unknown.
    assert.deepEqual(await rows(), { db: ['ready', true], app: ['running', null] });
    assert.deepEqual((await cygrunsrv.activator!.status!(generation)).unknown, ['pid', 'since', 'restarts', 'lastExit']);

    const record = JSON.parse(readFileSync(join(generation.units.find((u) => u.instance === 'db')!.entry, 'cygrunsrv.json'), 'utf8')) as { stdout: string; stderr: string };
    mkdirSync(join(record.stdout, '..'), { recursive: true });
    writeFileSync(record.stdout, 'out 1\nout 2\n');
    writeFileSync(record.stderr, 'err 1\n');
    const lines: unknown[] = [];
    await cygrunsrv.activator!.logs!(generation, 'db', { lines: 1, follow: false }, (line) => lines.push(line));
    assert.deepEqual(lines, [{ instance: 'db', stream: 'stdout', text: 'out 2' }, { instance: 'db', stream: 'stderr', text: 'err 1' }]);

    fake.reset();
    assert.deepEqual((await cygrunsrv.activator!.control!('restart', ['db'], generation)).failed, []);
    assert.deepEqual(changes(), ['--stop procform-app', '--stop procform-db', '--start procform-db', '--start procform-app'], 'nothing is reinstalled');
    fake.reset();
    assert.deepEqual((await cygrunsrv.activator!.control!('stop', ['db'], generation)).failed, []);
    assert.deepEqual(changes(), ['--stop procform-app', '--stop procform-db']);
    assert.deepEqual(await rows(), { db: ['down', false], app: ['down', false] });
    fake.reset();
    assert.deepEqual((await cygrunsrv.activator!.control!('start', ['app'], generation)).failed, []);
    assert.deepEqual(changes(), ['--start procform-db', '--start procform-app']);
  });
});
