import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeProcess } from '../normalize.js';
import { testParams } from '../../../test/helpers/params.js';
import { automaticCandidates, isSystemPath } from './automatic.js';

const params = testParams('/srv/pf');
const dirs = { storeDir: '/srv/pf/store', data: ['/srv/pf', '/srv/pf/run', '/srv/pf/log', '/srv/pf/tmp'] };

test('system directories, every /lib* among them', () => {
  for (const path of ['/usr/bin/node', '/bin/sh', '/sbin/x', '/lib/x', '/lib64/ld.so', '/libx32/y', '/libexec/z', '/etc/nginx/nginx.conf', '/nix/store/abc-x/bin/y', '/dev/null']) assert.ok(isSystemPath(path), path);
  for (const path of ['/opt/app/run', '/home/me/app/server.mjs', '/library/x', '/usrlocal/x', '/srv/app']) assert.ok(!isSystemPath(path), path);
});

test('the executable and absolute arguments outside the system, the store and the deployment are candidates', () => {
  const spec = normalizeProcess({
    foregroundProcess: '/home/me/app/bin/server',
    args: ['--config', '/home/me/app/app.conf', '/etc/app.conf', 'relative.conf', '/srv/pf/store/h-x/x.conf', '/srv/pf/lib/data.db', '/var/state/x', '/home/me/app/../app/app.conf'],
    stateDirs: ['/var/state'],
  }, 'app', [], params);
  assert.deepEqual(automaticCandidates(spec, dirs), [
    { path: '/home/me/app/bin/server', source: 'executable' },
    { path: '/home/me/app/app.conf', source: 'argument' },
  ]);
});

test('a bare command name is not a candidate: the manager finds it on its own PATH at run time', () => {
  const spec = normalizeProcess({ process: 'node', args: ['/home/me/app/server.mjs'], daemonExtraArgs: ['-D'] }, 'app', [], params);
  assert.deepEqual(automaticCandidates(spec, dirs), [{ path: '/home/me/app/server.mjs', source: 'argument' }]);
});
