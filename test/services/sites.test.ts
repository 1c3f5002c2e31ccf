// The sites shared by the web servers: the default site first, upstreams resolved through
// the backend's service hosts, dependencies once each, routes longest first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceArgumentError } from '../../src/model/errors.js';
import { createManagedProcess } from '../../src/model/managed-process.js';
import { resolveSites } from '../../src/services/common/sites.js';
import { recordingParams } from '../helpers/services.js';

const params = recordingParams({ serviceHost: (instance) => `svc-${instance}` });
const api = createManagedProcess({ name: 'api', foregroundProcess: '/bin/sleep' });
const worker = createManagedProcess({ instanceName: 'worker-2', name: 'worker', foregroundProcess: '/bin/sleep' });

test('the default site moves first; process upstreams become service hosts and dependencies, once each', () => {
  const { sites, dependencies } = resolveSites(params, 'web', [
    { kind: 'proxy', serverName: 'api.example', upstream: { process: api, port: 3000 } },
    { kind: 'paths', routes: [{ path: '/', upstream: { process: api, port: 3000 } }, { path: '/jobs', upstream: { process: worker, port: 4000 } }, { path: '/jobs/admin', upstream: { host: '10.0.0.1', port: 80 } }] },
    { kind: 'static', serverName: '*.static.example', root: '/srv/www' },
  ]);
  assert.deepEqual(sites, [
    {
      kind: 'paths',
      serverName: null,
      routes: [
        { path: '/jobs/admin', upstream: { host: '10.0.0.1', port: 80 } },
        { path: '/jobs', upstream: { host: 'svc-worker-2', port: 4000 } },
        { path: '/', upstream: { host: 'svc-api', port: 3000 } },
      ],
    },
    { kind: 'proxy', serverName: 'api.example', upstream: { host: 'svc-api', port: 3000 } },
    { kind: 'static', serverName: '*.static.example', root: '/srv/www', index: ['index.html'] },
  ]);
  assert.deepEqual(dependencies, [api, worker], 'the instance name picks the host; each process is a dependency once');
});

test('a process without a name cannot be an upstream, and an unknown kind is refused', () => {
  const anonymous = createManagedProcess({ foregroundProcess: '/bin/sleep' });
  assert.throws(() => resolveSites(params, 'web', [{ kind: 'proxy', upstream: { process: anonymous, port: 1 } }]),
    (error: unknown) => error instanceof ServiceArgumentError && error.argument === 'sites[0].upstream.process');
  assert.throws(() => resolveSites(params, 'web', [{ kind: 'redirect' } as never]),
    (error: unknown) => error instanceof ServiceArgumentError && error.argument === 'sites[0].kind');
});

test('no sites leaves the server with nothing but its 404 default', () => {
  assert.deepEqual(resolveSites(params, 'web', []), { sites: [], dependencies: [] });
});
