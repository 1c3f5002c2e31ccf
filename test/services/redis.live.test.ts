// Redis for real, on the embedded supervisor through `procform switch`, as root: ready once
// it answers, a password from a file that clients need and the store never holds, a key
// that survives a restart and an undeploy, a setting read back as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { listenerPid } from '../helpers/listeners.js';
import { haveProgram } from '../helpers/services.js';
import { freePorts, waitFor } from '../helpers/wait.js';
import { removeTree } from '../../src/store/write.js';

const MODEL = fileURLToPath(new URL('../fixtures/services/redis.ts', import.meta.url));
const root = process.getuid?.() === 0;

/** Every file below `dir`, recursively. */
const filesBelow = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
  const path = join(dir, entry.name);
  if (entry.isDirectory()) return filesBelow(path);
  return entry.isFile() ? [path] : [];
});

test('redis: readiness, a required password kept out of the store, data across a restart and an undeploy', { skip: !root && 'needs root', timeout: 60_000 }, async (t) => {
  if (!haveProgram('/usr/bin/redis-server', (why) => t.skip(why))) return;
  const name = `pfr${randomBytes(3).toString('hex')}`;
  const state = mkdtempSync(join(tmpdir(), 'pf-redis-'));
  chmodSync(state, 0o755);
  const [port] = await freePorts(1);
  const password = 'p a"s\\s$(id);{x}\'é';
  const passwordFile = join(state, 'redis-password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  const masteruser = 'odd "user" \\ ; {x} #';
  const cli = (args: readonly string[]) => procform([...args, '--state-dir', state]);
  const deploy = () => cli(['switch', '-f', MODEL, '--extra-params', JSON.stringify({ name, port, passwordFile, masteruser })]);
  t.after(() => {
    cli(['switch', '--undeploy']);
    cli(['down']);
    removeTree(state);
    spawnSync('userdel', [name], { stdio: 'ignore' });
    spawnSync('groupdel', [name], { stdio: 'ignore' });
  });
  const redisCli = (args: readonly string[], auth: string | null = password) => {
    const r = spawnSync('/usr/bin/redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', env: { ...process.env, REDISCLI_AUTH: auth ?? undefined } });
    return `${r.stdout}${r.stderr}`.trim();
  };

  const first = deploy();
  assert.equal(first.code, 0, first.stderr);
  assert.equal(redisCli(['ping']), 'PONG', 'ready means it answers');
  assert.match(redisCli(['ping'], null), /^NOAUTH/, 'a client without the password is refused');
  assert.match(redisCli(['ping'], 'wrong'), /WRONGPASS/);
  assert.deepEqual(redisCli(['config', 'get', 'masteruser']).split('\n'), ['masteruser', masteruser], 'a quoted setting reads back exactly');
  const uid = Number(spawnSync('id', ['-u', name], { encoding: 'utf8' }).stdout);
  for (const file of ['password.conf', 'password']) {
    const { mode, uid: owner } = statSync(join(state, 'run', name, file));
    assert.deepEqual([mode & 0o777, owner], [0o600, uid], `only Redis's account reads ${file}`);
  }
  for (const file of filesBelow(join(state, 'lib', 'procform'))) {
    assert.ok(!readFileSync(file).includes(Buffer.from(password)), `${file} holds the password`);
  }

  assert.equal(redisCli(['set', 'greeting', 'survives']), 'OK');
  const before = listenerPid(port!);
  const restart = cli(['restart', name]);
  assert.equal(restart.code, 0, restart.stderr);
  assert.notEqual(listenerPid(port!), before, 'a new Redis process');
  assert.equal(redisCli(['get', 'greeting']), 'survives', 'the key survives a restart');

  const gone = cli(['switch', '--undeploy']);
  assert.equal(gone.code, 0, gone.stderr);
  await waitFor('Redis to stop listening', () => listenerPid(port!) === null);
  const again = deploy();
  assert.equal(again.code, 0, again.stderr);
  assert.equal(redisCli(['get', 'greeting']), 'survives', 'the key survives an undeploy and a deploy');
});
