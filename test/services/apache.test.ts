// apache: the configuration of each site kind, upstreams from other processes, who the
// server runs as, refused values, determinism, and the build-time `apache2 -t` check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineProcesses } from '../../src/model/define-processes.js';
import { compareBuilds } from '../../src/build/check.js';
import { ServiceArgumentError } from '../../src/model/errors.js';
import { checkFile } from '../../src/system/host.js';
import { apache, application, type ApacheOptions } from '../../src/services/index.js';
import { buildModel, buildProblems, haveProgram, hostWith, recordingParams, specOf, storeText } from '../helpers/services.js';

const here = import.meta.filename;
const APACHE = '/usr/sbin/apache2';

const webModel = (options: Partial<ApacheOptions> = {}) => defineProcesses((params) => {
  const api = application(params, { name: 'api', command: '/bin/sleep', args: ['1000'], port: 3000 });
  const web = apache(params, {
    port: 8080,
    sites: [
      { kind: 'static', serverName: 'www.example.com', root: '/srv/www' },
      { kind: 'proxy', serverName: 'app.example.com', upstream: { process: api, port: 3000 } },
      { kind: 'paths', routes: [{ path: '/api', upstream: { process: api, port: 3000 } }] },
    ],
    ...options,
  });
  return { api: { pkg: api }, web: { pkg: web } };
});

const render = (options: ApacheOptions, overrides: Parameters<typeof recordingParams>[0] = {}) => {
  const params = recordingParams(overrides);
  const process = apache(params, options);
  assert.equal(params.files.length, 1);
  return { process, file: params.files[0]!, text: params.files[0]!.text };
};

/** The bodies of the `<VirtualHost>` sections, in order. */
const virtualHosts = (text: string): string[] =>
  [...text.matchAll(/^<VirtualHost \*:\d+>\n([\s\S]*?)\n<\/VirtualHost>$/gm)].map((m) => m[1]!);

test('each site kind is a virtual host; the default site comes first, else a 404 answer does', () => {
  const { text } = render({
    port: 8080,
    sites: [
      { kind: 'static', serverName: 'www.example.com', root: '/srv/www/', index: ['index.html', 'index.htm'] },
      { kind: 'proxy', serverName: '*.apps.example.com', upstream: { host: 'backend', port: 5000 } },
    ],
  });
  assert.match(text, /^Listen 0\.0\.0\.0:8080$/m);
  assert.deepEqual(virtualHosts(text), [
    '  Redirect 404 "/"',
    ['  ServerName "www.example.com"', '  Alias "/" "/srv/www/"', '  DirectoryIndex "index.html" "index.htm"'].join('\n'),
    [
      '  ServerAlias "*.apps.example.com"',
      '  ProxyPreserveHost On',
      '  RequestHeader set X-Forwarded-Proto "http"',
      '  ProxyPass "/" "http://backend:5000/"',
      '  ProxyPassReverse "/" "http://backend:5000/"',
    ].join('\n'),
  ]);
});

test('a path-based site routes longest first and answers 404 for the rest', () => {
  const { text } = render({
    port: 80,
    listen: '::',
    sites: [
      { kind: 'static', serverName: 'www.example.com', root: '/srv/www' },
      { kind: 'paths', routes: [{ path: '/api', upstream: { host: '10.0.0.7', port: 9000 } }, { path: '/api/v2', upstream: { host: '::1', port: 3000 } }] },
    ],
  });
  assert.match(text, /^Listen \[::\]:80$/m);
  const [first] = virtualHosts(text);
  assert.equal(first, [
    '  ProxyPreserveHost On',
    '  RequestHeader set X-Forwarded-Proto "http"',
    '  ProxyPass "/api/v2" "http://[::1]:3000/api/v2"',
    '  ProxyPassReverse "/api/v2" "http://[::1]:3000/api/v2"',
    '  ProxyPass "/api" "http://10.0.0.7:9000/api"',
    '  ProxyPassReverse "/api" "http://10.0.0.7:9000/api"',
    '  Redirect 404 "/"',
  ].join('\n'), 'the site without serverName is the first virtual host');
});

test('an upstream process is reached at its service host, and Apache starts after it', () => {
  const params = recordingParams({ serviceHost: (instance) => `pf-${instance}` });
  const api = application(params, { name: 'api', command: '/bin/sleep', port: 3000 });
  const web = apache(params, { port: 8080, sites: [{ kind: 'proxy', upstream: { process: api, port: 3000 } }] });
  assert.match(params.files[0]!.text, /ProxyPass "\/" "http:\/\/pf-api:3000\/"/);
  assert.deepEqual(web.dependencies, [api]);
  assert.deepEqual(specOf(buildModel(webModel(), here), 'web').dependencies, ['api']);
});

test('the process: apache2 in the foreground on its own configuration, stopped by WINCH, ready on its port', () => {
  const result = buildModel(webModel(), here);
  const spec = specOf(result, 'web');
  assert.equal(spec.foregroundProcess, APACHE);
  const [f, conf, foreground] = spec.foregroundProcessArgs;
  assert.deepEqual([f, foreground], ['-f', '-DFOREGROUND']);
  const text = storeText(result, conf!);
  assert.match(text, /^ServerRoot "\/srv\/pf\/lib\/apache"$/m);
  assert.match(text, /^PidFile "\/srv\/pf\/run\/apache\/apache2\.pid"$/m);
  assert.match(text, /^Mutex "file:\/srv\/pf\/run\/apache" default$/m);
  assert.match(text, /^ErrorLog "\/srv\/pf\/log\/apache\/error\.log"$/m);
  assert.match(text, /^LoadModule proxy_http_module "\/usr\/lib\/apache2\/modules\/mod_proxy_http\.so"$/m);
  assert.doesNotMatch(text, /Include|APACHE_/, 'self-contained');
  assert.equal(spec.stopSignal, 'WINCH');
  assert.match(text, /^GracefulShutdownTimeout 5$/m, 'children finish before the stop timeout');
  assert.deepEqual(spec.readiness, { kind: 'tcp', port: 8080, host: '127.0.0.1', timeout: 60, interval: 0.25 });
});

test('as root the children drop to the account; in a container Apache runs as it', () => {
  const sites = [{ kind: 'static', root: '/srv/www' }] as const;
  const root = render({ port: 80, sites, user: 'www' });
  assert.match(root.text, /^User "www"\nGroup "www"$/m);
  assert.equal(root.process.user, undefined);
  const container = render({ port: 80, sites, user: 'www' }, { placement: { containers: true, sharedFiles: false } });
  assert.doesNotMatch(container.text, /^(User|Group) /m);
  assert.equal(container.process.user, 'www');
});

test('hostile values are quoted where Apache can read them, and refused where it cannot', () => {
  const root = '/srv/a b";{}#<x>\\';
  const { text } = render({ port: 8080, sites: [{ kind: 'static', root, index: ['in dex;{}.html'] }] });
  assert.ok(text.includes('  Alias "/" "/srv/a b\\";{}#<x>\\\\/"\n'), text);
  assert.ok(text.includes('  DirectoryIndex "in dex;{}.html"\n'));

  const refused = (options: Partial<ApacheOptions>, argument: string, problem: RegExp) =>
    assert.throws(() => render({ port: 8080, sites: [], ...options }), (error: unknown) =>
      error instanceof ServiceArgumentError && error.argument === argument && problem.test(error.problem));
  for (const serverName of ['a b', 'a"b', 'a;b', 'a\nb', '*']) refused({ sites: [{ kind: 'static', serverName, root: '/srv' }] }, 'sites[0].serverName', /must be a host name/);
  refused({ sites: [{ kind: 'static', root: '/srv/${HOME}' }] }, 'sites[0].root', /replaces by a variable/);
  refused({ sites: [{ kind: 'static', root: '/srv', index: ['${X}.html'] }] }, 'sites[0].index[0]', /variable/);
  refused({ sites: [{ kind: 'paths', routes: [{ path: '/a b', upstream: { host: 'h', port: 1 } }] }] }, 'sites[0].routes[0].path', /must start with "\/"/);
  refused({ extraConfig: 'a\0' }, 'extraConfig', /NUL/);
});

test('the same model builds byte for byte the same', () => {
  assert.doesNotThrow(() => compareBuilds(buildModel(webModel(), here), buildModel(webModel(), here)));
});

test('the checked configuration is the real one with its paths in the check directory and no User or Group', () => {
  const { file, text } = render({ port: 8080, sites: [{ kind: 'proxy', upstream: { host: 'backend', port: 5000 } }], extraConfig: 'KeepAlive Off' });
  assert.deepEqual(file.check?.command, [APACHE, '-t', '-f', '{file}']);
  const expected = text
    .replaceAll('/srv/pf/run/apache', '{dir}').replaceAll('/srv/pf/log/apache', '{dir}').replaceAll('/srv/pf/lib/apache', '{dir}')
    .replace('User "apache"\nGroup "apache"\n', '');
  assert.equal(file.check?.text, expected);
});

test('apache2 -t at build time: a broken extraConfig fails the build at the apache call with Apache\'s words', (t) => {
  if (!haveProgram(APACHE, (why) => t.skip(why))) return;
  const host = hostWith([APACHE, '/bin/sleep'], checkFile);
  assert.doesNotThrow(() => buildModel(webModel({ extraConfig: 'KeepAlive Off\n' }), here, { host }));
  const [problem, ...rest] = buildProblems(() => buildModel(webModel({ extraConfig: 'KeepAlive Sometimes' }), here, { host }));
  assert.equal(rest.length, 0);
  assert.equal(problem!.code, 'file-check-failed');
  assert.match(problem!.message, /Syntax error on line \d+ of apache2\.conf:\n.*KeepAlive must be On or Off/);
  assert.equal(problem!.location?.file, here);
});

test('without apache2 on the machine the build names the package to install', () => {
  const problems = buildProblems(() => buildModel(webModel(), here, { host: hostWith(['/bin/sleep']) }));
  const missing = problems.find((p) => p.code === 'missing-executable');
  assert.ok(missing, JSON.stringify(problems));
  assert.match(missing.hint ?? '', /apt-get install apache2\b/);
});
