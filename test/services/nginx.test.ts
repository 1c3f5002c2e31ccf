// nginx: the configuration of each site kind, upstreams from other processes, who the
// server runs as, refused values, determinism, and the build-time `nginx -t` check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineProcesses } from '../../src/model/define-processes.js';
import { compareBuilds } from '../../src/build/check.js';
import { ServiceArgumentError } from '../../src/model/errors.js';
import { checkFile } from '../../src/system/host.js';
import { application, nginx, type NginxOptions } from '../../src/services/index.js';
import { testParams } from '../helpers/params.js';
import { procform } from '../helpers/cli.js';
import { removeTree } from '../../src/store/write.js';
import { buildModel, buildProblems, haveProgram, hostWith, recordingParams, specOf, storeText } from '../helpers/services.js';

const here = import.meta.filename;
const NGINX = '/usr/sbin/nginx';

const webModel = (options: Partial<NginxOptions> = {}) => defineProcesses((params) => {
  const api = application(params, { name: 'api', command: '/bin/sleep', args: ['1000'], port: 3000 });
  const web = nginx(params, {
    port: 8080,
    sites: [
      { kind: 'static', serverName: 'www.example.com', root: '/srv/www' },
      { kind: 'proxy', serverName: 'app.example.com', upstream: { process: api, port: 3000 } },
      { kind: 'paths', routes: [{ path: '/', upstream: { host: '10.0.0.7', port: 9000 } }, { path: '/api', upstream: { process: api, port: 3000 } }] },
    ],
    ...options,
  });
  return { api: { pkg: api }, web: { pkg: web } };
});

/** The nginx.conf a constructor call writes, and its process. */
const render = (options: NginxOptions, overrides: Parameters<typeof recordingParams>[0] = {}) => {
  const params = recordingParams(overrides);
  const process = nginx(params, options);
  assert.equal(params.files.length, 1);
  return { process, file: params.files[0]!, text: params.files[0]!.text };
};

/** The `server` block that names `serverName` (null: the default server). */
const serverBlock = (text: string, serverName: string | null): string => {
  const blocks = [...text.matchAll(/\n {2}server \{\n([\s\S]*?)\n {2}\}(?=\n)/g)].map((m) => m[1]!);
  const block = blocks.find((b) => (serverName === null ? b.includes(' default_server;') : b.includes(`server_name "${serverName}";`)));
  assert.ok(block, `no server block for ${serverName}`);
  return block;
};

test('a static site serves its root with its index files', () => {
  const { text } = render({ port: 8080, sites: [{ kind: 'static', serverName: 'www.example.com', root: '/srv/www', index: ['index.html', 'index.htm'] }] });
  assert.equal(serverBlock(text, 'www.example.com'), [
    '    listen 0.0.0.0:8080;',
    '    server_name "www.example.com";',
    '    root "/srv/www";',
    '    index "index.html" "index.htm";',
  ].join('\n'));
  assert.equal(serverBlock(text, null), '    listen 0.0.0.0:8080 default_server;\n    return 404;', 'a host no site names gets 404');
});

test('a host-based proxy sends every path of its host to the upstream, with the client\'s headers', () => {
  const { text } = render({ port: 80, listen: '::', sites: [{ kind: 'proxy', serverName: 'app.example.com', upstream: { host: 'backend.internal', port: 5000 } }] });
  assert.equal(serverBlock(text, 'app.example.com'), [
    '    listen [::]:80;',
    '    server_name "app.example.com";',
    '    location / {',
    '      proxy_pass "http://backend.internal:5000";',
    '    }',
  ].join('\n'));
  for (const header of ['Host $http_host', 'X-Forwarded-For $proxy_add_x_forwarded_for', 'X-Forwarded-Proto $scheme']) {
    assert.ok(text.includes(`  proxy_set_header ${header};\n`), header);
  }
  assert.match(text, /proxy_read_timeout 60s;/);
});

test('a path-based proxy routes each prefix, longest first, and the site without serverName is the default server', () => {
  const { text } = render({
    port: 8080,
    sites: [
      { kind: 'static', serverName: 'www.example.com', root: '/srv/www' },
      { kind: 'paths', routes: [{ path: '/', upstream: { host: '10.0.0.7', port: 9000 } }, { path: '/api/v1', upstream: { host: '::1', port: 3000 } }] },
    ],
  });
  assert.equal(serverBlock(text, null), [
    '    listen 0.0.0.0:8080 default_server;',
    '    location = "/api/v1" {',
    '      proxy_pass "http://[::1]:3000";',
    '    }',
    '    location "/api/v1/" {',
    '      proxy_pass "http://[::1]:3000";',
    '    }',
    '    location / {',
    '      proxy_pass "http://10.0.0.7:9000";',
    '    }',
  ].join('\n'), 'a route takes its path and the paths below it, not /api/v1x');
  assert.ok(text.indexOf('default_server') < text.indexOf('www.example.com'), 'the default server comes first');
  assert.equal(text.match(/default_server/g)?.length, 1);
});

test('an upstream process is reached at its service host, and nginx starts after it', () => {
  const params = recordingParams({ serviceHost: (instance) => `${instance}.svc.cluster.local` });
  const api = application(params, { name: 'api', command: '/bin/sleep', port: 3000 });
  const web = nginx(params, { port: 8080, sites: [{ kind: 'proxy', upstream: { process: api, port: 3000 } }], dependencies: ['cache'] });
  assert.match(params.files[0]!.text, /proxy_pass "http:\/\/api\.svc\.cluster\.local:3000";/);
  assert.deepEqual(web.dependencies, [api, 'cache']);

  const result = buildModel(webModel(), here);
  assert.deepEqual(specOf(result, 'web').dependencies, ['api']);
});

test('the process: nginx in the foreground on its store configuration, stopped by QUIT, ready on its port', () => {
  const result = buildModel(webModel({ listen: '127.0.0.2' }), here);
  const spec = specOf(result, 'web');
  assert.equal(spec.foregroundProcess, NGINX);
  const [p, prefix, c, conf, e, errorLog] = spec.foregroundProcessArgs;
  assert.deepEqual([p, prefix, c, e, errorLog], ['-p', '/srv/pf/lib/nginx', '-c', '-e', '/srv/pf/log/nginx/error.log']);
  const text = storeText(result, conf!);
  assert.match(text, /^daemon off;$/m);
  assert.match(text, /^pid "\/srv\/pf\/run\/nginx\/nginx\.pid";$/m);
  assert.match(text, /^ {2}access_log "\/srv\/pf\/log\/nginx\/access\.log";$/m);
  assert.match(text, /^ {2}proxy_temp_path "\/srv\/pf\/lib\/nginx\/proxy_temp";$/m);
  assert.equal(spec.stopSignal, 'QUIT');
  assert.equal(spec.stopTimeout, 10);
  assert.deepEqual(spec.readiness, { kind: 'tcp', port: 8080, host: '127.0.0.2', timeout: 60, interval: 0.25 });
  assert.deepEqual(spec.stateDirs.map((d) => d.path), ['/srv/pf/lib/nginx', '/srv/pf/run/nginx', '/srv/pf/log/nginx']);
});

test('as root the master drops its workers to the account; in a container or without user change nginx runs as one user', () => {
  const sites = [{ kind: 'static', root: '/srv/www' }] as const;
  const root = render({ port: 80, sites, user: 'www' });
  assert.match(root.text, /^user "www" "www";$/m);
  assert.equal(root.process.user, undefined);
  assert.deepEqual(Object.keys(root.process.credentials?.users ?? {}), ['www']);

  const container = render({ port: 80, sites, user: 'www' }, { placement: { containers: true, sharedFiles: true } });
  assert.doesNotMatch(container.text, /^user /m);
  assert.equal(container.process.user, 'www');

  const unprivileged = render({ port: 8080, sites }, { forceDisableUserChange: true });
  assert.doesNotMatch(unprivileged.text, /^user /m);
  assert.equal(unprivileged.process.user, 'nginx');
  const result = buildModel(webModel(), here, { params: testParams('/srv/pf', { forceDisableUserChange: true }) });
  assert.equal(specOf(result, 'web').user, null, 'normalization drops the user when user change is off');
});

test('hostile values are quoted where nginx can read them, and refused where it cannot', () => {
  const root = '/srv/a b";{}#\'\\x\t';
  const { text } = render({ port: 8080, sites: [{ kind: 'static', root, index: ['in dex;{}.html'] }, { kind: 'paths', serverName: 'x.example', routes: [{ path: "/o'k;(x)", upstream: { host: 'h', port: 1 } }] }] });
  assert.ok(text.includes('    root "/srv/a b\\";{}#\'\\\\x\\t";\n'), text);
  assert.ok(text.includes('    index "in dex;{}.html";\n'));
  assert.ok(text.includes('    location = "/o\'k;(x)" {\n'));

  const refused = (options: Partial<NginxOptions>, argument: string, problem: RegExp) =>
    assert.throws(() => render({ port: 8080, sites: [], ...options }), (error: unknown) =>
      error instanceof ServiceArgumentError && error.argument === argument && problem.test(error.problem));
  const hostileNames = ['a b', 'a"b', 'a;b', 'a{b}', 'a\nb', '~^regex$', '', 'a..b'];
  for (const serverName of hostileNames) refused({ sites: [{ kind: 'static', serverName, root: '/srv' }] }, 'sites[0].serverName', /must be a host name/);
  for (const path of ['/a b', '/a"b', '/a{b}', '/a\nb', 'relative', '~ /x', '@named', '=/exact', '/a%20b', '/a\\b']) {
    refused({ sites: [{ kind: 'paths', routes: [{ path, upstream: { host: 'h', port: 1 } }] }] }, 'sites[0].routes[0].path', /must start with "\/"/);
  }
  refused({ sites: [{ kind: 'paths', routes: [{ path: '/api/', upstream: { host: 'h', port: 1 } }] }] }, 'sites[0].routes[0].path', /must not end with/);
  refused({ sites: [{ kind: 'paths', routes: [{ path: '/a', upstream: { host: 'h', port: 1 } }, { path: '/a', upstream: { host: 'h', port: 2 } }] }] }, 'sites[0].routes[1].path', /routed twice/);
  refused({ sites: [{ kind: 'static', root: '/srv/$document_root' }] }, 'sites[0].root', /reads as a variable/);
  refused({ sites: [{ kind: 'static', root: '/srv/a\nb' }] }, 'sites[0].root', /line breaks/);
  refused({ sites: [{ kind: 'static', root: 'srv' }] }, 'sites[0].root', /absolute path/);
  refused({ sites: [{ kind: 'static', root: '/srv', index: ['a/b'] }] }, 'sites[0].index[0]', /file name/);
  refused({ sites: [{ kind: 'static', root: '/srv', index: ['$uri'] }] }, 'sites[0].index[0]', /variable/);
  refused({ sites: [{ kind: 'proxy', upstream: { host: 'a b;', port: 80 } }] }, 'sites[0].upstream.host', /not a host name/);
  refused({ sites: [{ kind: 'proxy', upstream: { host: 'h', port: 0 } }] }, 'sites[0].upstream.port', /not a port/);
  refused({ listen: 'localhost' }, 'listen', /not an IP address/);
  refused({ user: 'a b' }, 'user', /must be letters/);
  refused({ workerProcesses: 0 }, 'workerProcesses', /whole number/);
  refused({ extraHttpConfig: 'a\0b' }, 'extraHttpConfig', /NUL/);
  refused({ sites: [{ kind: 'static', root: '/a' }, { kind: 'static', root: '/b' }] }, 'sites[1]', /only one site can be the default/);
  refused({ sites: [{ kind: 'static', serverName: 'A.example', root: '/a' }, { kind: 'static', serverName: 'a.example', root: '/b' }] }, 'sites[1].serverName', /also the serverName of sites\[0\]/);
});

test('a bad argument is a problem at the line of the nginx call', () => {
  const [problem] = buildProblems(() => buildModel(webModel({ listen: 'everywhere' }), here));
  assert.equal(problem!.code, 'invalid-service-argument');
  assert.match(problem!.message, /nginx: listen "everywhere" is not an IP address/);
  assert.equal(problem!.location?.file, here);
});

test('the same model builds byte for byte the same', () => {
  assert.doesNotThrow(() => compareBuilds(buildModel(webModel(), here), buildModel(webModel(), here)));
});

test('the checked configuration is the real one with its paths in the check directory, no user line and local upstreams', () => {
  const { file, text } = render({ port: 8080, sites: [{ kind: 'proxy', upstream: { host: 'backend', port: 5000 } }], extraHttpConfig: 'gzip on;' });
  assert.deepEqual(file.check?.command, [NGINX, '-t', '-q', '-p', '{dir}', '-c', '{file}', '-e', '{dir}/error.log']);
  const expected = text
    .replaceAll('/srv/pf/run/nginx', '{dir}').replaceAll('/srv/pf/log/nginx', '{dir}').replaceAll('/srv/pf/lib/nginx', '{dir}')
    .replace('user "nginx" "nginx";\n', '')
    .replace('http://backend:5000', 'http://127.0.0.1:5000');
  assert.equal(file.check?.text, expected);
});

test('nginx -t at build time: a broken extraHttpConfig fails the build at the nginx call with nginx\'s words', (t) => {
  if (!haveProgram(NGINX, (why) => t.skip(why))) return;
  const host = hostWith([NGINX, '/bin/sleep'], checkFile);
  assert.doesNotThrow(() => buildModel(webModel({ extraHttpConfig: 'gzip on;\ngzip_types text/plain;\n' }), here, { host }));
  const [problem, ...rest] = buildProblems(() => buildModel(webModel({ extraHttpConfig: 'gzip maybe;' }), here, { host }));
  assert.equal(rest.length, 0);
  assert.equal(problem!.code, 'file-check-failed');
  assert.match(problem!.message, /invalid value "maybe" in "gzip" directive.* in nginx\.conf:\d+/);
  assert.equal(problem!.location?.file, here);
  const [unbalanced] = buildProblems(() => buildModel(webModel({ extraHttpConfig: 'server {' }), here, { host }));
  assert.match(unbalanced!.message, /unexpected end of file/);
});

test('procform build of a model whose extraHttpConfig nginx rejects: nginx\'s words at the nginx call, nothing written', (t) => {
  if (!haveProgram(NGINX, (why) => t.skip(why))) return;
  const model = fileURLToPath(new URL('../fixtures/services/web.ts', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'pf-nginx-check-'));
  t.after(() => removeTree(dir));
  const state = join(dir, 'state');
  const run = procform(['build', '-f', model, '--state-dir', state, '--force-disable-user-change', '--extra-params', JSON.stringify({ extraHttpConfig: 'gzip maybe;' })]);
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /invalid value "maybe" in "gzip" directive/);
  const line = readFileSync(model, 'utf8').split('\n').findIndex((l) => l.includes('nginx(params, {')) + 1;
  assert.match(run.stderr, new RegExp(`fixtures/services/web\\.ts:${line}:`), 'at the nginx call of the model');
  assert.ok(!existsSync(state), 'nothing was written');
});

test('without nginx on the machine the build names the package to install', () => {
  const problems = buildProblems(() => buildModel(webModel(), here, { host: hostWith(['/bin/sleep']) }));
  const missing = problems.find((p) => p.code === 'missing-executable');
  assert.ok(missing, JSON.stringify(problems));
  assert.match(missing.hint ?? '', /apt-get install nginx\b/);
});

test('a deployment directory nginx would read as a variable is refused', () => {
  assert.throws(() => render({ port: 8080, sites: [] }, { logDir: '/srv/$log' }), (error: unknown) =>
    error instanceof ServiceArgumentError && error.argument === 'params.logDir' && /reads as a variable/.test(error.problem));
});
