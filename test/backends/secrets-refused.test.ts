// The backends that cannot deliver secrets refuse a model that has some, and say so in their limitations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { computeBuild } from '../../src/build/build.js';
import { createManagedProcess, defineProcesses, secret } from '../../src/index.js';
import { deploymentParams } from '../conformance/acceptance.js';
import { backendByName } from '../../src/backends/registry.js';

const definition = defineProcesses(() => ({
  web: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1000'], environment: { DB_PASSWORD: secret.env('DB_PASSWORD') } }) },
}));

for (const name of ['launchd', 'bsdrc', 'cygrunsrv'] as const) {
  test(`${name} refuses secrets, naming the process and saying why, and declares it`, () => {
    const backend = backendByName(name);
    assert.ok(backend.limitations.some((l) => l.feature === 'secrets'));
    const params = deploymentParams(join('/tmp', `pf-never-${name}`), false, name);
    assert.throws(() => computeBuild({ definition, params, backend, sourceFile: '(test)' }), /instance "web": secrets \(DB_PASSWORD\) are not supported by the/);
  });
}
