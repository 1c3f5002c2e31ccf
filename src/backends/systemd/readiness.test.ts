import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readiness } from '../../model/readiness.js';
import { removeTree } from '../../store/write.js';
import { unitReadiness } from './readiness.js';

const timing = { timeout: 20, interval: 0.05 };

/** Writes the ready script for `readiness` into a temp dir; runs it (mark, then wait) on demand. */
const script = (t: import('node:test').TestContext, readiness: Readiness) => {
  const dir = mkdtempSync(join(tmpdir(), 'procform-ready-'));
  t.after(() => removeTree(dir));
  const logs = { stdout: join(dir, "it's out.log"), stderr: join(dir, 'err $x.log') };
  const ready = unitReadiness('svc', readiness, logs);
  assert.ok(ready !== null);
  const path = join(dir, 'ready');
  writeFileSync(path, ready.script, { mode: 0o755 });
  mkdirSync(join(dir, 'run'));
  const env = { ...process.env, RUNTIME_DIRECTORY: join(dir, 'run') };
  return {
    dir, logs, marks: ready.marks, privileged: ready.privileged,
    mark: () => assert.equal(spawnSync(path, ['mark'], { env }).status, 0),
    /** Starts the wait; resolves to its exit code and whether it ended before `since()` was true. */
    wait: (since: () => boolean) => {
      const child = spawn(path, [], { env, stdio: 'ignore' });
      t.after(() => child.kill('SIGKILL'));
      return new Promise<{ code: number | null; early: boolean }>((resolve) => child.once('exit', (code) => resolve({ code, early: !since() })));
    },
  };
};

const listen = (server: Server): Promise<number> => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
const freePort = async (): Promise<number> => {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
};
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 200));

test('systemd ready script: tcp waits until the port accepts a connection', async (t) => {
  const port = await freePort();
  const s = script(t, { kind: 'tcp', host: '127.0.0.1', port, ...timing });
  assert.equal(s.marks, false);
  assert.equal(s.privileged, false, 'probes as the process\'s user');
  let listening = false;
  const done = s.wait(() => listening);
  await tick();
  const server = createServer((socket) => socket.end());
  t.after(() => server.close());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  listening = true;
  assert.deepEqual(await done, { code: 0, early: false });
});

test('systemd ready script: http waits for an accepted status on the path, whatever its characters', async (t) => {
  let healthy = false;
  const paths: string[] = [];
  const server = createHttpServer((req, res) => {
    paths.push(req.url ?? '');
    res.statusCode = healthy ? 204 : 503;
    res.end();
  });
  t.after(() => server.close());
  const port = await listen(server);
  const s = script(t, { kind: 'http', host: '127.0.0.1', port, path: "/health?q='$x'`y`", status: [], ...timing });
  const done = s.wait(() => healthy);
  await tick();
  await tick();
  healthy = true;
  assert.deepEqual(await done, { code: 0, early: false });
  assert.ok(paths.length >= 2, 'it asked again after the 503');
  assert.ok(paths.every((p) => p === "/health?q='$x'`y`"), paths.join(' '));

  // A status list narrows what counts: 204 is not 200.
  const strict = script(t, { kind: 'http', host: '127.0.0.1', port, path: '/', status: [200], ...timing });
  let accepted = false;
  const strictDone = strict.wait(() => accepted);
  await tick();
  server.removeAllListeners('request');
  server.on('request', (_req, res) => { accepted = true; res.end('ok'); });
  assert.deepEqual(await strictDone, { code: 0, early: false });
});

test('systemd ready script: exec waits until the command succeeds, and passes its arguments exactly', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'procform-ready-exec-'));
  t.after(() => removeTree(dir));
  const flag = join(dir, "it's $HOME; `x` {}");
  const s = script(t, { kind: 'exec', command: ['test', '-e', flag], ...timing });
  assert.equal(s.privileged, false, 'the command runs as the process\'s user');
  let made = false;
  const done = s.wait(() => made);
  await tick();
  writeFileSync(flag, '');
  made = true;
  assert.deepEqual(await done, { code: 0, early: false });
});

test('systemd ready script: log waits for a matching line written after the start, in the chosen stream', async (t) => {
  const s = script(t, { kind: 'log', pattern: { source: "^it's \\$HOME; `x` \\{\\}$", flags: 'i' }, stream: 'stderr', ...timing });
  assert.equal(s.marks, true);
  assert.equal(s.privileged, true, 'reads the marks in the runtime directory below the manager\'s own');
  // Lines from an earlier run, and the wrong stream, do not count.
  writeFileSync(s.logs.stderr, "IT'S $HOME; `x` {}\n");
  s.mark();
  let written = false;
  const done = s.wait(() => written);
  await tick();
  appendFileSync(s.logs.stdout, "it's $HOME; `x` {}\n");
  appendFileSync(s.logs.stderr, 'starting\n');
  await tick();
  appendFileSync(s.logs.stderr, "It's $HOME; `x` {}\n");
  written = true;
  assert.deepEqual(await done, { code: 0, early: false });
});

test('systemd ready script: a log pattern grep -E would read otherwise gets no script', () => {
  const logs = { stdout: '/l/out', stderr: '/l/err' };
  assert.equal(unitReadiness('svc', { kind: 'log', pattern: { source: '(?<=a)b', flags: '' }, stream: 'both', ...timing }, logs), null);
  assert.equal(unitReadiness('svc', null, logs), null);
});
