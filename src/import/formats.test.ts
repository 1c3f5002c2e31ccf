import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { importSupervisord } from './supervisord.js';
import { importProcessCompose } from './process-compose.js';
import { importCompose } from './compose.js';
import { importPm2, pm2Words } from './pm2.js';
import { importSystemd } from './systemd.js';
import { detectFormat } from './detect.js';

const context = (file: string, files: Record<string, string> = {}) => ({ file, readFile: (path: string) => files[path] });

test('supervisord: user, numbered processes, and the errors supervisord would raise', () => {
  const system = importSupervisord('[program:q]\ncommand=/bin/q %(process_num)s\nprocess_name=q_%(process_num)s\nnumprocs=2\nuser=www\n', context('/etc/supervisord.conf'));
  assert.deepEqual(system.processes.map((p) => [p.instance, p.command.args, p.user]), [['q_0', ['0'], 'www'], ['q_1', ['1'], 'www']]);
  assert.throws(() => importSupervisord('[program:q]\nuser=www\n', context('/x.conf')), InputError);
  assert.throws(() => importSupervisord('[program:q]\ncommand=%(nope)s\n', context('/x.conf')), InputError);
});

test('process-compose: replicas, ready_log_line, http probes, disabled processes', () => {
  const yaml = `processes:
  web:
    command: "web --port 80"
    replicas: 2
    readiness_probe:
      http_get: { host: 127.0.0.1, port: 8080, path: /health }
      period_seconds: 2
  log:
    command: "srv"
    ready_log_line: "ready (v1.*)"
  off:
    command: "x"
    disabled: true
`;
  const system = importProcessCompose(yaml, context('/p/process-compose.yaml'));
  assert.deepEqual(system.processes.map((p) => p.instance), ['web-0', 'web-1', 'log']);
  assert.deepEqual(system.processes[1]!.environment, [['PC_REPLICA_NUM', '1']]);
  assert.deepEqual(system.processes[0]!.readiness, { kind: 'http', port: 8080, path: '/health', host: '127.0.0.1', status: [200], interval: 2, timeout: 6 });
  assert.deepEqual(system.processes[2]!.readiness, { kind: 'log', pattern: 'ready \\(v1\\.\\*\\)' });
  assert.ok(system.notes.some((n) => n.field === 'processes.off'));
});

test('compose: replicas, a service without a command, a user with a group', () => {
  const yaml = `services:
  worker:
    command: work
    user: "app:staff"
    deploy: { replicas: 2 }
  image-only:
    image: redis
`;
  const system = importCompose(yaml, context('/c/compose.yaml'));
  assert.deepEqual(system.processes.map((p) => [p.instance, p.user]), [['worker-1', 'app'], ['worker-2', 'app']]);
  assert.ok(system.notes.some((n) => n.field === 'services.image-only'));
  assert.ok(system.notes.some((n) => n.instance === 'worker-1' && n.field === 'user'));
});

test('PM2: instances become numbered instances with NODE_APP_INSTANCE; args split as PM2 splits them', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-pm2-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'ecosystem.json');
  const text = JSON.stringify({ apps: [{ name: 'api', script: 'npm', args: 'start -- --x', instances: 3, exec_mode: 'cluster' }] });
  writeFileSync(file, text);
  const system = importPm2(text, context(file));
  assert.deepEqual(system.processes.map((p) => [p.instance, p.command.executable, p.environment]), [
    ['api-0', 'npm', [['NODE_APP_INSTANCE', '0']]], ['api-1', 'npm', [['NODE_APP_INSTANCE', '1']]], ['api-2', 'npm', [['NODE_APP_INSTANCE', '2']]],
  ]);
  assert.ok(system.notes.some((n) => n.field === 'exec_mode'));
  assert.deepEqual(pm2Words(`-a 1 "b c" 'd e' key="f g"`), ['-a', '1', 'b c', 'd e', 'key="f g"']);
});

test('PM2: a file that throws is an input error carrying its message', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-pm2-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'ecosystem.config.js');
  writeFileSync(file, 'throw new Error("broken on purpose")');
  assert.throws(() => importPm2('', context(file)), (e: unknown) => e instanceof InputError && /broken on purpose/.test(e.message));
});

test('systemd: Type=forking is daemon mode with its pid file; the @ prefix drops argv[0]', () => {
  const unit = '[Service]\nType=forking\nPIDFile=/run/d.pid\nExecStart=@/usr/sbin/d d-name -f %n\n';
  const system = importSystemd(unit, context('/u/d.service'));
  const [d] = system.processes;
  assert.equal(d!.daemon, true);
  assert.equal(d!.pidFile, '/run/d.pid');
  assert.deepEqual(d!.command, { executable: '/usr/sbin/d', args: ['-f', 'd.service'] });
});

test('formats are told from names and content', () => {
  assert.equal(detectFormat('/a/Procfile.dev', 'web: x'), 'procfile');
  assert.equal(detectFormat('/a/compose.yaml', 'processes:\n  a:\n    command: x\n'), 'process-compose');
  assert.equal(detectFormat('/a/docker-compose.yml', 'services:\n  a: {}\n'), 'compose');
  assert.equal(detectFormat('/a/ecosystem.config.js', ''), 'pm2');
  assert.equal(detectFormat('/a/app.conf', '[program:x]\ncommand=y\n'), 'supervisord');
  assert.equal(detectFormat('/a/units', undefined), 'systemd');
  assert.equal(detectFormat('/a/whatever', '[Unit]\nDescription=x\n'), 'systemd');
  assert.equal(detectFormat('/a/notes.txt', 'just some text, nothing more'), undefined);
});
