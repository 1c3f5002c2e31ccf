// The shell scripts the containers run (launcher, dependency wait, state directories),
// run for real with the shells a Debian image has: exact argv, umask, initialize, stop
// signal forwarding, daemons behind a pid file, waiting on a port, modes and owners.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { mainCommand, STATE_DIRS, waitCommand } from '../../../src/backends/kubernetes/launcher.js';
import type { ProcessSpec } from '../../../src/model/process-spec.js';
import { HOSTILE_VALUES } from '../../conformance/hostile.js';
import { alive, freePorts, waitFor } from '../../helpers/wait.js';

const bin = (name: string): string => fileURLToPath(new URL(`../../fixtures/bin/${name}`, import.meta.url));

const spec = (fields: Partial<ProcessSpec>): ProcessSpec => ({
  instance: 'x', name: 'x', instanceName: 'x', description: 'x', initialize: '', foregroundProcess: null, foregroundProcessArgs: [], daemon: null,
  daemonArgs: [], pidFile: '/tmp/x.pid', logFile: '/tmp/x.log', path: [], environment: {}, directory: null, umask: null, nice: null, user: null,
  group: null, dependencies: [], credentials: { users: {}, groups: {} }, overrides: {}, postInstall: '', type: 'longrun', readiness: null,
  restart: { policy: 'always', maxRestarts: 10, backoff: { initial: 1, factor: 2, max: 30, resetAfter: 30 } }, stopSignal: 'TERM', stopTimeout: 10, startTimeout: 120,
  stateDirs: [], stateVersion: null, inputs: [], ...fields,
});

/** Starts a container command the way the kubelet does: command then args, no shell around it. */
const start = (command: { command: readonly string[]; args: readonly string[] }): ChildProcess =>
  spawn(command.command[0]!, [...command.command.slice(1), ...command.args], { stdio: ['ignore', 'ignore', 'pipe'] });

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

const scratch = (t: { after: (fn: () => void) => void }): string => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-k8s-scripts-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

test('a plain foreground process is its own command; hostile arguments arrive exactly', async (t) => {
  const dir = scratch(t);
  const out = join(dir, 'facts.json');
  const command = mainCommand(spec({ foregroundProcess: bin('print-env.js'), foregroundProcessArgs: [out, ...HOSTILE_VALUES] }));
  assert.deepEqual(command.command, [bin('print-env.js')]);
  const child = start(command);
  t.after(() => child.kill('SIGKILL'));
  const facts = await waitFor('facts', () => existsSync(out) && (JSON.parse(readFileSync(out, 'utf8')) as { argv: string[] }));
  assert.deepEqual(facts.argv, [out, ...HOSTILE_VALUES]);
});

test('the launcher: umask, initialize, nice, exact arguments, and the stop signal instead of TERM', async (t) => {
  const dir = scratch(t);
  const out = join(dir, 'facts.json');
  const marker = join(dir, "init ran 'here'");
  const command = mainCommand(spec({
    foregroundProcess: bin('print-env.js'), foregroundProcessArgs: [out, ...HOSTILE_VALUES],
    umask: '0027', nice: 4, initialize: `touch "${marker.replaceAll('"', '\\"')}"`, stopSignal: 'INT',
  }));
  assert.equal(command.command[0], '/bin/sh');
  const child = start(command);
  t.after(() => child.kill('SIGKILL'));
  const facts = await waitFor('facts', () => existsSync(out) && (JSON.parse(readFileSync(out, 'utf8')) as { argv: string[]; umask: string; nice: number }));
  assert.deepEqual(facts.argv, [out, ...HOSTILE_VALUES]);
  assert.equal(facts.umask, '0027');
  assert.equal(facts.nice, 4);
  assert.ok(existsSync(marker), 'initialize ran first');
  // print-env.js exits 0 on TERM but dies of INT: 130 shows INT reached it.
  child.kill('SIGTERM');
  assert.equal(await exited(child), 130);
});

test('the launcher keeps a daemon in the foreground and forwards the stop to it', async (t) => {
  const dir = scratch(t);
  const pidFile = join(dir, 'daemon.pid');
  const child = start(mainCommand(spec({ daemon: bin('daemonize.js'), daemonArgs: [pidFile], pidFile })));
  t.after(() => child.kill('SIGKILL'));
  const pid = await waitFor('the pid file', () => existsSync(pidFile) && Number(readFileSync(pidFile, 'utf8')));
  assert.ok(alive(pid));
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(child.exitCode, null, 'the launcher stays while the daemon runs');
  child.kill('SIGTERM');
  assert.equal(await exited(child), 0);
  await waitFor('the daemon to stop', () => !alive(pid));
});

test('the dependency wait returns once the port answers, not before', { timeout: 20_000 }, async (t) => {
  const [port] = await freePorts(1);
  const child = start(waitCommand('127.0.0.1', port!));
  t.after(() => child.kill('SIGKILL'));
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(child.exitCode, null, 'still waiting while nothing listens');
  const server = createServer((socket) => socket.end()).listen(port, '127.0.0.1');
  t.after(() => server.close());
  assert.equal(await exited(child), 0);
});

test('the state directory script creates each directory with its mode and owner', (t) => {
  const dir = scratch(t);
  const root = process.getuid?.() === 0;
  const a = join(dir, 'a b');
  const b = join(dir, 'nested/c');
  const result = spawnSync('/bin/sh', ['-c', STATE_DIRS, 'state-dirs', a, '0750', root ? '4321:4322' : '', b, '0700', ''], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(statSync(a).mode & 0o777, 0o750);
  assert.equal(statSync(b).mode & 0o777, 0o700);
  if (root) assert.deepEqual([statSync(a).uid, statSync(a).gid], [4321, 4322]);
});
