// Fault: another user controls part of root's state dir (the README's `--state-dir /tmp/…`
// is in a directory everyone can write). A real second user, made with useradd, plants a
// process log that is a link to a root-only file, and a state file that names an unrelated
// root process. Expected: procform refuses the directories (exit 2) with a message that
// names the directory, its owner and what to do, before it writes or signals anything;
// it refuses a state file that is not the invoking user's even in a directory it trusts;
// and it never follows a link when it opens a log or its state file.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { alive } from '../helpers/wait.js';
import { removeTree } from '../../src/store/write.js';
import { openLogWriter } from '../../src/logs/writer.js';
import { processStartTime } from '../../src/system/process-group.js';

const model = fileURLToPath(new URL('../fixtures/models/faults.ts', import.meta.url));
const SBIN = { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` };
const SECRET = 'root only\n';

/** A user of its own (removed afterwards) and a world-writable directory like /tmp; null (skipped) without root. */
const setup = (t: TestContext) => {
  if (process.getuid?.() !== 0) {
    if (process.env.CI === 'true') assert.fail('creating a second user needs root under CI');
    t.skip('creating a second user needs root');
    return null;
  }
  const user = `pff${randomBytes(4).toString('hex')}`;
  const made = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', user], { env: SBIN, encoding: 'utf8' });
  assert.equal(made.status, 0, `useradd: ${made.stderr}`);
  const uid = Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
  const base = mkdtempSync(join(tmpdir(), 'pf-faults-untrusted-'));
  chmodSync(base, 0o711);
  const shared = join(base, 'shared');
  mkdirSync(shared);
  chmodSync(shared, 0o1777);
  const secret = join(base, 'secret');
  writeFileSync(secret, SECRET, { mode: 0o600 });
  const victims: number[] = [];
  t.after(() => {
    for (const pid of victims) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    removeTree(base);
    spawnSync('userdel', [user], { env: SBIN });
  });
  /** Runs a shell command as the other user. */
  const asUser = (script: string): void => {
    const run = spawnSync('runuser', ['-u', user, '--', 'sh', '-c', script], { env: SBIN, encoding: 'utf8' });
    assert.equal(run.status, 0, `as ${user}: ${script}: ${run.stderr}`);
  };
  /** A root process unrelated to procform, with its pid and kernel start time. */
  const victim = (): { pid: number; startTime: number } => {
    const child = spawn('sleep', ['1000'], { detached: true, stdio: 'ignore' });
    child.unref();
    victims.push(child.pid!);
    return { pid: child.pid!, startTime: processStartTime(child.pid!)! };
  };
  return { user, uid, base, shared, secret, asUser, victim };
};

const stateFile = (target: { pid: number; startTime: number }): string =>
  `${JSON.stringify({ daemonPid: 999_999_999, generation: null, groups: [{ instance: 'steady', pid: target.pid, pgid: target.pid, startTime: target.startTime }] })}\n`;

test('a log planted as a link to a root-only file: switch refuses the directory and writes nothing through it', { timeout: 60_000 }, (t) => {
  const env = setup(t);
  if (env === null) return;
  const state = join(env.shared, 'pf');
  env.asUser(`mkdir -p ${state}/log/procform && ln -s ${env.secret} ${state}/log/procform/steady.log`);
  const run = procform(['switch', '-q', '-f', model, '--state-dir', state, '--force-disable-user-change'], { timeout: 30_000 });
  assert.equal(run.code, 2, `refused before anything changed:\n${run.stderr}`);
  assert.match(run.stderr, new RegExp(`refusing to use ${state} as the state dir: it is owned by ${env.user} \\(uid ${env.uid}\\), not by root`));
  assert.match(run.stderr, /hint: .*another user could plant files in it/);
  assert.equal(readFileSync(env.secret, 'utf8'), SECRET, 'the root-only file is untouched');
  assert.equal(procform(['status', '--state-dir', state], { timeout: 30_000 }).code, 2, 'no supervisor was started');
});

test('a state file planted to name a root process: down refuses, and never signals it', { timeout: 60_000 }, (t) => {
  const env = setup(t);
  if (env === null) return;
  const target = env.victim();
  const state = join(env.shared, 'pf');
  env.asUser(`mkdir -p ${state}/run/procform && printf '%s' '${stateFile(target)}' > ${state}/run/procform/supervisor.state.json`);
  for (const command of [['down'], ['status'], ['stop', 'steady']]) {
    const run = procform([...command, '--state-dir', state], { timeout: 30_000 });
    assert.equal(run.code, 2, `${command[0]} is refused:\n${run.stderr}`);
    assert.match(run.stderr, /refusing to use .* it is owned by pff/);
  }
  assert.ok(alive(target.pid), 'the root process named in the planted state file still runs');

  // Even where every directory is root's own, a state file of another user's is refused:
  // the user wrote it while the runtime dir was theirs, then root took the directory over.
  const own = join(env.base, 'own');
  mkdirSync(join(own, 'run'), { recursive: true });
  mkdirSync(join(own, 'run/procform'), { mode: 0o700 });
  chownSync(join(own, 'run/procform'), env.uid, 0);
  env.asUser(`printf '%s' '${stateFile(target)}' > ${own}/run/procform/supervisor.state.json`);
  chownSync(join(own, 'run/procform'), 0, 0);
  const down = procform(['down', '--state-dir', own], { timeout: 30_000 });
  assert.equal(down.code, 2, down.stderr);
  assert.match(down.stderr, /refusing to use .*supervisor\.state\.json as the supervisor's state file: it is owned by pff.*, not by root/);
  assert.ok(alive(target.pid), 'still not signalled');
});

test('a state dir group or others can write to is refused; image and builds for another machine are not checked', { timeout: 60_000 }, (t) => {
  const env = setup(t);
  if (env === null) return;
  const state = join(env.base, 'open');
  mkdirSync(join(state, 'log'), { recursive: true });
  chmodSync(join(state, 'log'), 0o777);
  const run = procform(['status', '--state-dir', state], { timeout: 30_000 });
  assert.equal(run.code, 2);
  assert.match(run.stderr, new RegExp(`refusing to use ${join(state, 'log')} as the log dir: group and others can write to it`));
  assert.match(run.stderr, /chmod go-w/);
  const build = procform(['build', '-q', '-f', model, '--state-dir', state, '--store-dir', join(env.base, 'store'), '--no-host-checks'], { timeout: 60_000 });
  assert.equal(build.code, 0, `a build is not refused:\n${build.stderr}`);
  const image = procform(['image', '-q', '-f', model, '--state-dir', state, '-o', join(env.base, 'context')], { timeout: 60_000 });
  assert.equal(image.code, 0, `nor is an image, whose directories are the container's:\n${image.stderr}`);
});

test('logs and the state file are opened without following links', (t) => {
  const env = setup(t);
  if (env === null) return;
  const dir = join(env.base, 'logs');
  mkdirSync(dir, { mode: 0o700 });
  symlinkSync(env.secret, join(dir, 'steady.log'));
  assert.throws(() => openLogWriter({ path: join(dir, 'steady.log'), maxBytes: 1024, keep: 1 }), /steady\.log.*symbolic link/);
  assert.equal(readFileSync(env.secret, 'utf8'), SECRET);
  const own = join(env.base, 'linked');
  mkdirSync(join(own, 'run/procform'), { recursive: true, mode: 0o700 });
  writeFileSync(join(env.base, 'elsewhere.json'), stateFile(env.victim()));
  symlinkSync(join(env.base, 'elsewhere.json'), join(own, 'run/procform/supervisor.state.json'));
  const down = procform(['down', '--state-dir', own], { timeout: 30_000 });
  assert.equal(down.code, 2, down.stderr);
  assert.match(down.stderr, /supervisor\.state\.json as the supervisor's state file: it is a symbolic link/);
});
