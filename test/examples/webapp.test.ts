/**
 * The example's webapp (bin/webapp.js), run for real: foreground and daemon mode.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { freePort, isAlive, request, run, start, startWebapp, waitFor, webappBin } from './helpers.js';

const tempDir = (t: TestContext): string => {
  const dir = mkdtempSync(join(tmpdir(), 'procform-webapp-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

describe('webapp.js', () => {
  test('refuses to start without PORT', async () => {
    const { code, output } = await run(webappBin, [], { PORT: undefined });
    assert.equal(code, 1);
    assert.match(output, /PORT is not set/);
  });

  for (const port of ['abc', '0', '70000', '']) {
    test(`refuses PORT=${JSON.stringify(port)}`, async () => {
      const { code, output } = await run(webappBin, [], { PORT: port });
      assert.equal(code, 1);
      assert.match(output, /PORT is not/);
    });
  }

  test('refuses unknown arguments', async () => {
    const { code, output } = await run(webappBin, ['--bogus'], { PORT: '5000' });
    assert.equal(code, 1);
    assert.match(output, /unexpected arguments: --bogus/);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`serves its page in the foreground and exits 0 on ${signal}`, async (t) => {
      const port = await freePort();
      const webapp = await startWebapp(port);
      t.after(() => webapp.stop());

      const page = await request(port);
      assert.equal(page.status, 200);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(page.body, /<title>Simple test webapp<\/title>/);
      assert.match(page.body, new RegExp(`Simple test webapp listening on port: ${port}\\b`));
      assert.equal((await request(port, { path: '/any/path?x=1' })).status, 200);
      assert.equal((await request(port, { method: 'POST', body: 'x' })).status, 405);

      // An idle keep-alive connection must not delay the exit.
      const agent = new http.Agent({ keepAlive: true });
      t.after(() => agent.destroy());
      await request(port, { agent });
      const stopped = Date.now();
      webapp.child.kill(signal);
      assert.deepEqual(await webapp.exited, { code: 0, signal: null });
      assert.ok(Date.now() - stopped < 2000, 'exits without waiting for the idle connection to time out');
    });
  }

  test('daemon mode needs PID_FILE', async () => {
    const { code, output } = await run(webappBin, ['-D'], { PORT: '5000', PID_FILE: undefined });
    assert.equal(code, 1);
    assert.match(output, /needs PID_FILE/);
  });

  test('daemon mode writes the pid file of a live daemon, which removes it on SIGTERM', async (t) => {
    const dir = tempDir(t);
    const pidFile = join(dir, 'webapp.pid');
    const logFile = join(dir, 'webapp.log');
    const port = await freePort();
    let pid: number | undefined;
    t.after(() => {
      if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGKILL');
    });

    const env = { PORT: String(port), PID_FILE: pidFile, LOG_FILE: logFile };
    const launcher = await run(webappBin, ['-D'], env);
    assert.deepEqual({ code: launcher.code, output: launcher.output }, { code: 0, output: '' });
    // The launcher returns only after the pid file exists, so no polling here.
    assert.ok(existsSync(pidFile), 'pid file exists when the launcher returns');
    pid = Number(readFileSync(pidFile, 'utf8').trim());
    assert.ok(Number.isInteger(pid) && pid > 0, `pid file holds a pid: ${pid}`);
    assert.ok(isAlive(pid), 'the daemon is alive');

    const page = await request(port);
    assert.match(page.body, new RegExp(`Simple test webapp listening on port: ${port}\\b`));
    assert.match(readFileSync(logFile, 'utf8'), new RegExp(`webapp listening on port ${port}`));

    const again = await run(webappBin, ['-D'], env);
    assert.equal(again.code, 1);
    assert.match(again.output, new RegExp(`already running with pid ${pid}`));

    process.kill(pid, 'SIGTERM');
    const daemon = pid;
    await waitFor('the daemon to exit', () => (isAlive(daemon) ? undefined : true));
    assert.equal(existsSync(pidFile), false, 'the daemon removed its pid file');
  });

  test('daemon mode fails, without a pid file, when the daemon cannot listen', async (t) => {
    const dir = tempDir(t);
    const pidFile = join(dir, 'webapp.pid');
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    t.after(() => blocker.close());
    const { port } = blocker.address() as net.AddressInfo;

    const { code, output } = await run(webappBin, ['-D'], { PORT: String(port), PID_FILE: pidFile, LOG_FILE: join(dir, 'log') });
    assert.equal(code, 1);
    assert.match(output, /the daemon exited \(status 1\) before it was ready/);
    assert.match(readFileSync(join(dir, 'log'), 'utf8'), /cannot listen on port/);
    assert.equal(existsSync(pidFile), false);
  });

  test('daemon mode fails before starting the daemon when the pid file cannot be written', async (t) => {
    const pidFile = join(tempDir(t), 'missing', 'webapp.pid');
    const { code, output } = await run(webappBin, ['-D'], { PORT: String(await freePort()), PID_FILE: pidFile });
    assert.equal(code, 1);
    assert.match(output, /cannot prepare the pid or log file: ENOENT/);
  });

  test('daemon mode replaces a stale pid file', async (t) => {
    const dir = tempDir(t);
    const pidFile = join(dir, 'webapp.pid');
    // A pid that is surely not running: a child that already exited.
    const gone = start(process.execPath, ['-e', '']);
    await gone.exited;
    const stalePid = gone.child.pid;
    assert.ok(stalePid !== undefined);
    writeFileSync(pidFile, `${stalePid}\n`);

    const port = await freePort();
    let pid: number | undefined;
    t.after(() => {
      if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGKILL');
    });
    const { code } = await run(webappBin, ['-D'], { PORT: String(port), PID_FILE: pidFile });
    assert.equal(code, 0);
    pid = Number(readFileSync(pidFile, 'utf8').trim());
    assert.notEqual(pid, stalePid);
    assert.equal((await request(port)).status, 200);
  });
});
