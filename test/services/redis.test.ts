// redis: redis.conf for each persistence mode, the bind default per backend, settings
// quoted or refused, the password kept out of the store, determinism and the install hint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineProcesses } from '../../src/model/define-processes.js';
import { compareBuilds } from '../../src/build/check.js';
import { ServiceArgumentError } from '../../src/model/errors.js';
import { removeTree } from '../../src/store/write.js';
import { redis, type RedisOptions } from '../../src/services/index.js';
import { passwordStep } from '../../src/services/redis/password.js';
import { buildModel, buildProblems, hostWith, recordingParams, specOf, storeText } from '../helpers/services.js';

const here = import.meta.filename;

const model = (options: RedisOptions = {}) => defineProcesses((params) => ({ cache: { pkg: redis(params, { name: 'cache', ...options }) } }));

const render = (options: RedisOptions = {}, overrides: Parameters<typeof recordingParams>[0] = {}) => {
  const params = recordingParams(overrides);
  const process = redis(params, options);
  return { process, text: params.files[0]!.text };
};

test('the default: append-only persistence in its data directory, on loopback, in the foreground', () => {
  const result = buildModel(model(), here);
  const spec = specOf(result, 'cache');
  assert.equal(spec.foregroundProcess, '/usr/bin/redis-server');
  assert.equal(storeText(result, spec.foregroundProcessArgs[0]!), [
    'port 6379',
    'bind 127.0.0.1',
    'protected-mode yes',
    'daemonize no',
    'logfile ""',
    'dir "/srv/pf/lib/cache"',
    'appendonly yes',
    'save ""',
    '',
  ].join('\n'));
  assert.equal(spec.user, 'cache');
  assert.deepEqual(spec.stateDirs, [{ path: '/srv/pf/lib/cache', mode: '0750', user: 'cache', group: 'cache' }]);
  assert.equal(spec.stopSignal, 'TERM');
  assert.equal(spec.stopTimeout, 30);
  assert.equal(spec.readiness?.kind, 'exec');
  assert.deepEqual(spec.readiness?.kind === 'exec' && spec.readiness.command, ['/bin/sh', '-c', 'test "$(/usr/bin/redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG']);
  assert.equal(spec.initialize, '');
});

test('rdb snapshots on Redis\'s schedule; none keeps nothing', () => {
  const rdb = render({ persistence: 'rdb' }).text;
  assert.match(rdb, /^appendonly no\nsave 3600 1 300 100 60 10000$/m);
  const none = render({ persistence: 'none' }).text;
  assert.match(none, /^appendonly no\nsave ""$/m);
});

test('where processes reach each other by name, it listens everywhere and lets them in', () => {
  const container = render({}, { serviceHost: (instance) => instance }).text;
  assert.match(container, /^bind 0\.0\.0\.0\nprotected-mode no$/m);
  const explicit = render({ bind: ['127.0.0.1', '::1'] }, { serviceHost: (instance) => instance }).text;
  assert.match(explicit, /^bind 127\.0\.0\.1 ::1\nprotected-mode yes$/m);
  const wide = render({ bind: ['10.1.2.3'], port: 6380 });
  assert.match(wide.text, /^protected-mode no$/m);
  assert.match(JSON.stringify(wide.process.readiness), /-h 10\.1\.2\.3 -p 6380 ping/);
});

test('settings are written sorted and quoted; values with quotes, backslashes, line breaks and control characters survive', () => {
  const { text } = render({ settings: { 'maxmemory-policy': 'allkeys-lru', maxmemory: '64mb', 'lazyfree-lazy-eviction': true, 'client-output-buffer-limit': ['pubsub', '32mb', '8mb', 60], masteruser: 'a "b"\n\\c$;{}#\x01' } });
  const settings = text.split('\n').slice(8).join('\n');
  assert.equal(settings, [
    'client-output-buffer-limit "pubsub" "32mb" "8mb" 60',
    'lazyfree-lazy-eviction yes',
    'masteruser "a \\"b\\"\\n\\\\c$;{}#\\x01"',
    'maxmemory "64mb"',
    'maxmemory-policy "allkeys-lru"',
    '',
  ].join('\n'));
});

test('arguments redis cannot take are refused at the call', () => {
  const refused = (options: RedisOptions, argument: string, problem: RegExp) =>
    assert.throws(() => render(options), (error: unknown) => error instanceof ServiceArgumentError && error.argument === argument && problem.test(error.problem));
  refused({ settings: { port: 1 } }, 'settings.port', /set by redis itself/);
  refused({ settings: { requirepass: 'x' } }, 'settings.requirepass', /set by redis itself/);
  refused({ settings: { 'Max Memory': 1 } }, 'settings["Max Memory"]', /not a redis\.conf directive name/);
  refused({ settings: { 'maxmemory\nrequirepass': 1 } }, 'settings["maxmemory\\nrequirepass"]', /directive name/);
  refused({ settings: { maxmemory: Number.NaN } }, 'settings.maxmemory', /not a number/);
  refused({ bind: ['localhost'] }, 'bind[0]', /not an IP address/);
  refused({ bind: [] }, 'bind', /at least one/);
  refused({ persistence: 'always' as never }, 'persistence', /"aof", "rdb" or "none"/);
  refused({ dataDir: 'data' }, 'dataDir', /absolute path/);
  refused({ passwordFile: '/etc/pw\n' }, 'passwordFile', /line breaks/);
  refused({ port: 70000 }, 'port', /not a port/);
  const [problem] = buildProblems(() => buildModel(model({ port: 0 }), here));
  assert.equal(problem!.location?.file, here, 'reported at the redis call');
});

test('a password file: the store holds its path and an include, never the password', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-redis-unit-'));
  t.after(() => removeTree(dir));
  const secret = 'correct horse battery staple';
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, `${secret}\n`, { mode: 0o600 });
  const result = buildModel(model({ passwordFile }), here);
  const spec = specOf(result, 'cache');
  const config = storeText(result, spec.foregroundProcessArgs[0]!);
  assert.match(config, /^include "\/srv\/pf\/run\/cache\/password\.conf"$/m);
  assert.ok(spec.initialize.includes(passwordFile));
  assert.match(String(spec.readiness?.kind === 'exec' && spec.readiness.command[2]), /^REDISCLI_AUTH=\$\(cat \/srv\/pf\/run\/cache\/password\) && export REDISCLI_AUTH && test /, 'the probe authenticates to tell loading from ready');
  assert.deepEqual(spec.stateDirs.map((d) => [d.path, d.mode]), [['/srv/pf/lib/cache', '0750'], ['/srv/pf/run/cache', '0700']]);
  for (const entry of result.entries) {
    for (const node of entry.files) if (node.kind === 'file') assert.ok(!node.content.includes(secret), `${entry.name}/${node.path} holds the password`);
  }
});

test('the password step writes every byte as an escape, in a file only its owner reads, and refuses an empty file', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-redis-step-'));
  t.after(() => removeTree(dir));
  const password = 'p a"s\\s$(id);{x}\'é';
  writeFileSync(join(dir, 'pw'), `${password}\n\n`);
  const include = join(dir, 'password.conf');
  const copy = join(dir, 'password');
  const step = (file: string) => spawnSync('/bin/sh', ['-c', passwordStep({ passwordFile: join(dir, file), include, copy, owner: null })], { encoding: 'utf8' });
  const run = step('pw');
  assert.equal(run.status, 0, run.stderr);
  const hex = [...Buffer.from(password)].map((byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join('');
  assert.equal(readFileSync(include, 'utf8'), `requirepass "${hex}"\n`, 'trailing line breaks are not part of the password');
  assert.equal(readFileSync(copy, 'utf8'), password, 'the probe\'s copy is the password as it is');
  for (const file of [include, copy]) assert.equal(statSync(file).mode & 0o777, 0o600, file);

  writeFileSync(join(dir, 'empty'), '\n');
  const empty = step('empty');
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /is empty/);
  const missing = step('absent');
  assert.equal(missing.status, 1);
});

test('the same model builds byte for byte the same', () => {
  const options: RedisOptions = { passwordFile: '/etc/pw', settings: { maxmemory: '1gb', 'maxmemory-policy': 'noeviction' } };
  assert.doesNotThrow(() => compareBuilds(buildModel(model(options), here), buildModel(model(options), here)));
});

test('without redis-server on the machine the build names the package to install', () => {
  const problems = buildProblems(() => buildModel(model(), here, { host: hostWith(['/bin/sleep']) }));
  const missing = problems.find((p) => p.code === 'missing-executable');
  assert.ok(missing, JSON.stringify(problems));
  assert.match(missing.hint ?? '', /apt-get install redis-server\b/);
});
