import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeProcess, SYSTEM_PATH } from './normalize.js';
import { testParams } from '../../test/helpers/params.js';

const params = testParams('/srv/pf');

test('process seeds both modes, args are shared and extra args appended per mode', () => {
  const spec = normalizeProcess({ process: '/bin/web', args: ['-v'], daemonExtraArgs: ['-D'], foregroundProcessExtraArgs: ['-F'] }, 'web', [], params);
  assert.equal(spec.foregroundProcess, '/bin/web');
  assert.equal(spec.daemon, '/bin/web');
  assert.deepEqual(spec.foregroundProcessArgs, ['-v', '-F']);
  assert.deepEqual(spec.daemonArgs, ['-v', '-D']);
});

test('explicit mode arguments replace the derived ones', () => {
  const spec = normalizeProcess({ foregroundProcess: '/bin/fg', foregroundProcessArgs: ['x'], args: ['ignored'] }, 'a', [], params);
  assert.deepEqual(spec.foregroundProcessArgs, ['x']);
  assert.equal(spec.daemon, null);
});

test('name defaults to instanceName, instanceName to the instance key', () => {
  assert.equal(normalizeProcess({ process: '/bin/x' }, 'key', [], params).name, 'key');
  const spec = normalizeProcess({ process: '/bin/x', instanceName: 'inst' }, 'key', [], params);
  assert.equal(spec.name, 'inst');
  assert.equal(spec.description, 'inst');
});

test('pid and log files live in runtimeDir/logDir, or tmpDir when a user is set', () => {
  const root = normalizeProcess({ process: '/bin/x', instanceName: 'w' }, 'w', [], params);
  assert.equal(root.pidFile, '/srv/pf/run/w.pid');
  assert.equal(root.logFile, '/srv/pf/log/procform-w.log');
  const user = normalizeProcess({ process: '/bin/x', instanceName: 'w', user: 'www' }, 'w', [], params);
  assert.equal(user.pidFile, '/srv/pf/tmp/w.pid');
  assert.equal(user.logFile, '/srv/pf/tmp/procform-w.log');
  assert.equal(user.user, 'www');
});

test('disabling user change drops the user but keeps the paths, and keeps only home directories', () => {
  const p = testParams('/srv/pf', { forceDisableUserChange: true });
  const spec = normalizeProcess({
    process: '/bin/x', user: 'www',
    credentials: { users: { www: { group: 'www' }, pg: { homeDir: '/var/db/pg', createHomeDir: true } }, groups: { www: {} } },
  }, 'w', [], p);
  assert.equal(spec.user, null);
  assert.equal(spec.pidFile, '/srv/pf/tmp/w.pid');
  assert.deepEqual(Object.keys(spec.credentials.users), ['pg']);
  assert.equal(spec.credentials.users.pg?.createHomeDirOnly, true);
  assert.deepEqual(spec.credentials.groups, {});
});

test('uids and gids come from params.ids unless given explicitly', () => {
  const p = testParams('/srv/pf', { ids: { uids: { www: 2001, fixed: 2002 }, gids: { www: 2001 } } });
  const spec = normalizeProcess({
    process: '/bin/x', credentials: { users: { www: { group: 'www' }, fixed: { uid: 42 } }, groups: { www: {} } },
  }, 'w', [], p);
  assert.equal(spec.credentials.users.www?.uid, 2001);
  assert.equal(spec.credentials.users.fixed?.uid, 42);
  assert.equal(spec.credentials.groups.www?.gid, 2001);
});

test('environment values become strings; path is put before the system PATH unless PATH is given', () => {
  const spec = normalizeProcess({ process: '/bin/x', path: ['/opt/a/bin'], environment: { PORT: 5000, DEBUG: true } }, 'w', [], params);
  assert.deepEqual(spec.environment, { DEBUG: 'true', PATH: `/opt/a/bin:${SYSTEM_PATH}`, PORT: '5000' });
  const own = normalizeProcess({ process: '/bin/x', path: ['/opt/a/bin'], environment: { PATH: '/only' } }, 'w', [], params);
  assert.equal(own.environment.PATH, '/only');
  assert.equal(normalizeProcess({ process: '/bin/x' }, 'w', [], params).environment.PATH, undefined);
});

test('restart, readiness, stop and state-dir defaults', () => {
  const spec = normalizeProcess({
    process: '/bin/x', user: 'www', credentials: { users: { www: { group: 'wgrp' } } },
    readiness: { kind: 'log', pattern: /ready/i }, stopSignal: 'sigint', restart: 'on-failure',
    stateDirs: ['/srv/data', { path: '/srv/other', mode: 0o700, group: 'g' }], stateVersion: 3, umask: '022',
  }, 'w', [], params);
  assert.deepEqual(spec.restart, { policy: 'on-failure', maxRestarts: 10, backoff: { initial: 1, factor: 2, max: 30, resetAfter: 30 } });
  assert.deepEqual(spec.readiness, { kind: 'log', pattern: { source: 'ready', flags: 'i' }, stream: 'both', timeout: 60, interval: 0.25 });
  assert.equal(spec.stopSignal, 'INT');
  assert.equal(spec.stopTimeout, 10);
  assert.deepEqual(spec.stateDirs, [
    { path: '/srv/data', mode: '0750', user: 'www', group: 'wgrp' },
    { path: '/srv/other', mode: '0700', user: 'www', group: 'g' },
  ]);
  assert.equal(spec.stateVersion, '3');
  assert.equal(spec.umask, '0022');
  const plain = normalizeProcess({ process: '/bin/x' }, 'w', [], params);
  assert.equal(plain.restart.policy, 'always');
  assert.equal(plain.readiness, null);
});

test('duplicate dependencies are dropped, order kept', () => {
  assert.deepEqual(normalizeProcess({ process: '/bin/x' }, 'w', ['b', 'a', 'b'], params).dependencies, ['b', 'a']);
});
