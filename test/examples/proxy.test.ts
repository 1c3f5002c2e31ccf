/**
 * The example's Node reverse proxy (bin/proxy.js), run for real in front of two webapps.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { freePort, proxyBin, request, run, start, startWebapp, waitForOutput, type Started } from './helpers.js';

/** Answers with what it received, so a test can see what the proxy forwarded. */
const startEchoServer = async (): Promise<{ server: http.Server; port: number }> => {
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-echo': 'yes' });
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
};

describe('proxy.js', () => {
  const started: Started[] = [];
  let echo: http.Server | undefined;
  let proxyPort = 0;
  const webappPorts: number[] = [];

  before(async () => {
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      webappPorts.push(port);
      started.push(await startWebapp(port));
    }
    const echoServer = await startEchoServer();
    echo = echoServer.server;
    const downPort = await freePort();
    proxyPort = await freePort();
    const proxy = start(proxyBin, [
      '--listen', String(proxyPort),
      '--route', `webapp1.local=${webappPorts[0]}`,
      '--route', `WebApp2.Local=${webappPorts[1]}`,
      '--route', `down.local=${downPort}`,
      '--route', `echo.local=${echoServer.port}`,
    ]);
    started.push(proxy);
    await waitForOutput(proxy, new RegExp(`proxy listening on port ${proxyPort}`));
  });

  after(async () => {
    await Promise.all(started.map((process) => process.stop()));
    echo?.close();
  });

  test('routes by Host header to the matching webapp', async () => {
    const first = await request(proxyPort, { host: 'webapp1.local' });
    assert.equal(first.status, 200);
    assert.match(first.body, new RegExp(`listening on port: ${webappPorts[0]}\\b`));
    const second = await request(proxyPort, { host: 'webapp2.local' });
    assert.match(second.body, new RegExp(`listening on port: ${webappPorts[1]}\\b`));
  });

  test('ignores case and a port in the Host header', async () => {
    const page = await request(proxyPort, { host: `WEBAPP1.Local:${proxyPort}` });
    assert.equal(page.status, 200);
    assert.match(page.body, new RegExp(`listening on port: ${webappPorts[0]}\\b`));
  });

  test('answers 404 for an unknown host', async () => {
    const response = await request(proxyPort, { host: 'unknown.local' });
    assert.equal(response.status, 404);
    assert.match(response.body, /no route for host "unknown.local"/);
  });

  test('answers 502 when the upstream is down', async () => {
    const response = await request(proxyPort, { host: 'down.local' });
    assert.equal(response.status, 502);
    assert.match(response.body, /bad gateway/);
  });

  test('forwards method, path, body and headers, and adds X-Forwarded-*', async () => {
    const response = await request(proxyPort, { host: 'echo.local', method: 'POST', path: '/a/b?c=d', body: 'hello proxy' });
    assert.equal(response.status, 201);
    assert.equal(response.headers['x-echo'], 'yes');
    const seen = JSON.parse(response.body) as { method: string; url: string; headers: Record<string, string>; body: string };
    assert.equal(seen.method, 'POST');
    assert.equal(seen.url, '/a/b?c=d');
    assert.equal(seen.body, 'hello proxy');
    assert.equal(seen.headers['host'], 'echo.local');
    assert.equal(seen.headers['x-forwarded-host'], 'echo.local');
    assert.match(seen.headers['x-forwarded-for'] ?? '', /127\.0\.0\.1$/);
  });

  test('refuses bad arguments', async () => {
    for (const args of [[], ['--listen', 'x'], ['--listen', '8080', '--route', 'nohost'], ['--listen', '8080', '--route', 'a=1', '--route', 'A=2']]) {
      const { code, output } = await run(proxyBin, args);
      assert.equal(code, 1, `exit status for ${args.join(' ')}`);
      assert.match(output, /usage: proxy\.js/);
    }
  });

  test('exits 0 on SIGTERM', async (t) => {
    const port = await freePort();
    const proxy = start(proxyBin, ['--listen', String(port)]);
    t.after(() => proxy.stop());
    await waitForOutput(proxy, new RegExp(`proxy listening on port ${port}`));
    // An idle keep-alive connection must not delay the exit.
    const agent = new http.Agent({ keepAlive: true });
    t.after(() => agent.destroy());
    await request(port, { host: 'x.local', agent });
    const stopped = Date.now();
    proxy.child.kill('SIGTERM');
    assert.deepEqual(await proxy.exited, { code: 0, signal: null });
    assert.ok(Date.now() - stopped < 2000, 'exits without waiting for the idle connection to time out');
  });
});
