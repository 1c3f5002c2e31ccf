// The embedded supervisor end to end, through the CLI as a user runs it: up, switch with
// minimal restarts, dry-run, rollback, a failed switch, undeploy, down, and a daemon
// killed with SIGKILL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastLine, procform } from '../helpers/cli.js';
import { alive, freePorts, get, waitFor } from '../helpers/wait.js';
import { removeTree } from '../../src/store/write.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/procform.js');
const stack = join(root, 'test/fixtures/models/stack.ts');

interface Status { pid: number; generation: string | null; processes: { instance: string; state: string; pid: number | null }[] }

const setup = async (t: { after: (fn: () => void | Promise<void>) => void }) => {
  const state = mkdtempSync(join(tmpdir(), 'pf-sup-'));
  const [a, b, c, proxy] = await freePorts(4);
  const base = ['--state-dir', state, '--force-disable-user-change'];
  const run = (args: string[], extra: object = {}) => procform([...args, ...base, ...(args[0] === 'switch' || args[0] === 'up' ? ['-f', stack, '--extra-params', JSON.stringify({ ports: [a, b, c], proxyPort: proxy, ...extra })] : [])]);
  const status = (): Status => {
    const r = procform(['status', '--json', '--state-dir', state]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as Status;
  };
  const pids = () => Object.fromEntries(status().processes.map((p) => [p.instance, p.pid]));
  t.after(() => {
    procform(['down', '--state-dir', state]);
    removeTree(state);
  });
  return { state, ports: { a: a!, b: b!, c: c!, proxy: proxy! }, run, status, pids };
};

test('up runs the stack in the foreground and Ctrl-C stops every process', async (t) => {
  const { state, ports, status } = await setup(t);
  const child = spawn(process.execPath, [bin, 'up', '-f', stack, '--state-dir', state, '--force-disable-user-change', '--extra-params', JSON.stringify({ ports: [ports.a, ports.b, ports.c], proxyPort: ports.proxy })], { env: { ...process.env, NO_COLOR: '1' } });
  let output = '';
  child.stdout.on('data', (c) => { output += c; });
  child.stderr.on('data', (c) => { output += c; });
  t.after(() => child.kill('SIGKILL'));
  const answer = await waitFor('the proxy to answer', async () => {
    const r = await get(ports.proxy, 'webapp2.local');
    return r.status === 200 ? r.body : undefined;
  }, 30_000);
  assert.match(answer, new RegExp(`Simple test webapp listening on port: ${ports.b}`));
  const running = await waitFor('every process to be ready', () => {
    const s = status();
    return s.processes.every((p) => p.state === 'ready') && s;
  });
  assert.equal(running.processes.length, 4);
  assert.match(output, /webapp1\s+\| webapp listening on port/);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  assert.equal(await exited, 0);
  for (const p of running.processes) assert.ok(!alive(p.pid!), `${p.instance} (${p.pid}) is stopped`);
});

test('switch restarts only what changed and its dependents; dry-run, rollback, bad input and undeploy', async (t) => {
  const { state, ports, run, status, pids } = await setup(t);
  const first = run(['switch', '-q']);
  assert.equal(first.code, 0, first.stderr);
  await waitFor('the proxy', async () => (await get(ports.proxy, 'webapp1.local')).status === 200);
  const before = pids();
  assert.equal(Object.values(before).filter((p) => p !== null).length, 4);
  const socket = join(state, 'run/procform/supervisor.sock');
  assert.equal(statSync(socket).mode & 0o777, 0o600, 'the control socket is private');

  const same = run(['switch', '-q']);
  assert.equal(same.code, 0, same.stderr);
  assert.deepEqual(pids(), before, 'switching to the same model restarts nothing');

  const dry = run(['switch', '--dry-run'], { changed: 'webapp2' });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^start +webapp2 +\(changed: environment\.VARIANT\)$/m, 'a dry run says what changed');
  assert.match(dry.stdout, /proxy.*dependency-restarted/);
  const dryJson = JSON.parse(run(['switch', '--dry-run', '--json'], { changed: 'webapp2' }).stdout) as { start: string[]; changes: Record<string, { keys: string[] }> };
  assert.deepEqual(dryJson.start, ['webapp2', 'proxy']);
  assert.deepEqual(Object.keys(dryJson.changes), ['webapp2']);
  assert.deepEqual(dryJson.changes.webapp2!.keys, ['environment.VARIANT']);
  assert.deepEqual(pids(), before, 'a dry run changes nothing');

  const changed = run(['switch', '-q'], { changed: 'webapp2' });
  assert.equal(changed.code, 0, changed.stderr);
  const after = pids();
  assert.equal(after.webapp1, before.webapp1);
  assert.equal(after.webapp3, before.webapp3);
  assert.notEqual(after.webapp2, before.webapp2);
  assert.notEqual(after.proxy, before.proxy, 'the proxy depends on webapp2, so it restarts too');
  assert.equal((await get(ports.proxy, 'webapp2.local')).status, 200);

  const generations = procform(['generations', '--json', '--state-dir', state]);
  assert.deepEqual(JSON.parse(generations.stdout).map((g: { number: number; current: boolean }) => [g.number, g.current]), [[1, false], [2, true]]);

  const rollback = procform(['rollback', '-q', '--state-dir', state]);
  assert.equal(rollback.code, 0, rollback.stderr);
  const back = pids();
  assert.equal(back.webapp1, before.webapp1);
  assert.notEqual(back.webapp2, after.webapp2);
  assert.equal(status().generation, lastLine(first.stdout));

  const invalid = procform(['switch', '-f', join(root, 'test/fixtures/models/invalid.ts'), '--state-dir', state, '--force-disable-user-change']);
  assert.equal(invalid.code, 2);
  assert.deepEqual(pids(), back, 'an invalid model changes nothing');

  const unknown = procform(['restart', 'nope', '--state-dir', state]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown process "nope"/);

  const undeploy = procform(['switch', '--undeploy', '-q', '--state-dir', state]);
  assert.equal(undeploy.code, 0, undeploy.stderr);
  assert.deepEqual(status().processes, []);
  for (const pid of Object.values(back)) assert.ok(!alive(pid!), `${pid} stopped`);
});

test('a switch whose new process does not come up is rolled back and reported', async (t) => {
  const { run, pids, status } = await setup(t);
  assert.equal(run(['switch', '-q']).code, 0);
  const before = pids();
  const generation = status().generation;
  const failing = run(['switch', '-q'], { broken: true, changed: 'webapp3' });
  assert.equal(failing.code, 2);
  assert.match(failing.stderr, /broken/);
  assert.equal(status().generation, generation, 'the previous generation stays current');
  const after = pids();
  assert.equal(after.webapp1, before.webapp1);
  assert.equal(after.broken, undefined);
  assert.ok(after.webapp3 !== null && alive(after.webapp3!), 'webapp3 runs in its previous version again');
});

test('a daemon killed with SIGKILL leaves no orphans: down (or the next daemon) stops its groups', async (t) => {
  const { run, pids, status, state } = await setup(t);
  assert.equal(run(['switch', '-q']).code, 0);
  const children = Object.values(pids()) as number[];
  process.kill(status().pid, 'SIGKILL');
  assert.ok(children.every(alive), 'the children outlive the daemon for now');
  const down = procform(['down', '--state-dir', state]);
  assert.equal(down.code, 0, down.stderr);
  await waitFor('the orphans to be gone', () => children.every((pid) => !alive(pid)));
  assert.equal(run(['switch', '-q']).code, 0);
  const again = Object.values(pids()) as number[];
  process.kill(status().pid, 'SIGKILL');
  assert.equal(run(['switch', '-q']).code, 0, 'the next daemon cleans up and runs the generation');
  await waitFor('the previous daemon\'s children to be gone', () => again.every((pid) => !alive(pid)));
  assert.ok((Object.values(pids()) as number[]).every(alive));
});
