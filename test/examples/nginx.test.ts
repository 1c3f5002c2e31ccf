/**
 * The nginx configuration of the example's nginx reverse proxy: rendered, checked with
 * `nginx -t` and run for real in the foreground in front of two webapps.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
// nginx-config.ts rather than nginx-proxy.ts: the same functions, without loading procform.
import { nginxConfig, nginxDirectories, nginxPaths, type NginxPaths } from '../../examples/webapps/constructors/nginx-config.js';
import { accepts, freePort, request, run, start, startWebapp, waitFor } from './helpers.js';

const NGINX = '/usr/sbin/nginx';
const haveNginx = existsSync(NGINX);
// CI installs nginx, so there a missing binary is a failure, not a reason to skip.
const skipWithoutNginx = !haveNginx && process.env.CI !== 'true' ? `${NGINX} is not installed` : false;

const dirs = { libDir: '/srv/lib', logDir: '/srv/log', runtimeDir: '/srv/run', tmpDir: '/srv/tmp' };

/** A fresh instance directory layout under a temp dir, with its directories created. */
const tempInstance = (t: TestContext, instanceName: string): { root: string; paths: NginxPaths } => {
  const root = mkdtempSync(join(tmpdir(), 'procform-nginx-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const paths = nginxPaths(instanceName, {
    libDir: join(root, 'lib'),
    logDir: join(root, 'log'),
    runtimeDir: join(root, 'run'),
    tmpDir: join(root, 'tmp'),
  });
  for (const dir of nginxDirectories(paths)) mkdirSync(dir, { recursive: true });
  return { root, paths };
};

const nginxArgs = (paths: NginxPaths, configFile: string) => ['-p', paths.prefix, '-c', configFile, '-e', paths.errorLog];

describe('nginxConfig', () => {
  const paths = nginxPaths('nginx', dirs);
  const webapps = [
    { dnsName: 'webapp1.local', port: 5001 },
    { dnsName: 'webapp2.local', port: 5002 },
  ];

  test('puts every file of an instance under a path containing its name', () => {
    const other = nginxPaths('nginx2', dirs);
    for (const [key, value] of Object.entries(paths)) {
      assert.match(value, /\/nginx(?:[-./]|$)/, key);
      assert.notEqual(value, other[key as keyof NginxPaths], `${key} differs between instances`);
    }
    assert.equal(paths.pidFile, '/srv/run/nginx.pid');
    assert.equal(paths.prefix, '/srv/lib/nginx');
  });

  test('has one upstream and one virtual server per webapp and a 404 default server', () => {
    const text = nginxConfig({ port: 8080, webapps, paths });
    assert.match(text, /upstream upstream_webapp1_local \{\s*server 127\.0\.0\.1:5001;\s*\}/);
    assert.match(text, /upstream upstream_webapp2_local \{\s*server 127\.0\.0\.1:5002;\s*\}/);
    assert.match(text, /server_name webapp1\.local;\s*location \/ \{\s*proxy_pass http:\/\/upstream_webapp1_local;/);
    assert.match(text, /listen 8080 default_server;\s*server_name _;[^}]*return 404/);
    assert.equal(text.match(/listen 8080;/g)?.length, 2);
    assert.match(text, /pid \/srv\/run\/nginx\.pid;/);
    assert.doesNotMatch(text, /daemon/);
  });

  test('has a user line only when given a user', () => {
    assert.doesNotMatch(nginxConfig({ port: 8080, webapps, paths }), /^user /m);
    assert.match(nginxConfig({ port: 8080, webapps, paths, user: 'nginx' }), /^user nginx nginx;$/m);
  });

  test('quotes paths nginx would split, and refuses what it would expand', () => {
    const spaced = nginxPaths('nginx', { ...dirs, logDir: '/srv/my logs' });
    assert.match(nginxConfig({ port: 8080, webapps, paths: spaced }), /error_log "\/srv\/my logs\/nginx-error\.log";/);
    const dollar = nginxPaths('nginx', { ...dirs, logDir: '/srv/$log' });
    assert.throws(() => nginxConfig({ port: 8080, webapps, paths: dollar }), /cannot put/);
  });

  test('refuses bad host names, bad ports and hosts routed twice', () => {
    assert.throws(() => nginxConfig({ port: 8080, webapps: [{ dnsName: 'a.local; evil', port: 1 }], paths }), /not a valid DNS name/);
    assert.throws(() => nginxConfig({ port: 8080, webapps: [{ dnsName: 'a.local', port: 0 }], paths }), /not a TCP port/);
    assert.throws(() => nginxConfig({ port: 65536, webapps, paths }), /not a TCP port/);
    assert.throws(
      () => nginxConfig({ port: 8080, webapps: [{ dnsName: 'a.local', port: 1 }, { dnsName: 'A.local', port: 2 }], paths }),
      /routed twice/,
    );
  });
});

describe('nginx with the generated configuration', { skip: skipWithoutNginx }, () => {
  test('nginx is installed', () => {
    assert.ok(haveNginx, `${NGINX} is missing`);
  });

  test('nginx -t accepts it', async (t) => {
    const { root, paths } = tempInstance(t, 'nginx');
    const configFile = join(root, 'nginx.conf');
    writeFileSync(configFile, nginxConfig({ port: 8080, webapps: [{ dnsName: 'webapp.local', port: 5000 }], paths }));
    const { code, output } = await run(NGINX, ['-t', ...nginxArgs(paths, configFile)]);
    assert.equal(code, 0, output);
    assert.match(output, /test is successful/);
  });

  test('routes by Host header in the foreground, and stops on SIGTERM', async (t) => {
    const webappPorts = [await freePort(), await freePort()];
    const webapps = await Promise.all(webappPorts.map((port) => startWebapp(port)));
    t.after(() => Promise.all(webapps.map((webapp) => webapp.stop())));

    const { root, paths } = tempInstance(t, 'nginx-test');
    const port = await freePort();
    const configFile = join(root, 'nginx.conf');
    const routes = [
      { dnsName: 'webapp1.local', port: webappPorts[0] ?? 0 },
      { dnsName: 'webapp2.local', port: webappPorts[1] ?? 0 },
      { dnsName: 'down.local', port: await freePort() },
    ];
    writeFileSync(configFile, nginxConfig({ port, webapps: routes, paths }));

    // As the constructor's foreground mode runs it.
    const nginx = start(NGINX, [...nginxArgs(paths, configFile), '-g', 'daemon off;']);
    t.after(() => nginx.stop());
    await waitFor('nginx to accept connections', async () => {
      if (nginx.exit()) throw new Error(`nginx exited:\n${nginx.output()}`);
      return (await accepts(port)) || undefined;
    });

    for (const [index, dnsName] of ['webapp1.local', 'WEBAPP2.local:80'].entries()) {
      const page = await request(port, { host: dnsName });
      assert.equal(page.status, 200, `${dnsName}: ${page.body}`);
      assert.match(page.body, new RegExp(`listening on port: ${webappPorts[index]}\\b`), dnsName);
    }
    const unknown = await request(port, { host: 'unknown.local' });
    assert.equal(unknown.status, 404);
    assert.match(unknown.body, /no route for this host/);
    assert.equal((await request(port, { host: 'down.local' })).status, 502);

    assert.equal(readFileSync(paths.pidFile, 'utf8').trim(), String(nginx.child.pid));
    assert.match(readFileSync(paths.accessLog, 'utf8'), /"GET \/ HTTP\/1\.1" 200/);

    nginx.child.kill('SIGTERM');
    assert.equal((await nginx.exited).code, 0);
    assert.equal(existsSync(paths.pidFile), false, 'nginx removed its pid file');
  });
});
