// The runit backend's emulations against a real runsvdir: restart policy with a restart
// limit, log readiness, a custom stop signal, daemon mode, oneshots and tcp readiness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createManagedProcess, defineProcesses } from '../../../src/index.js';
import { computeBuild, writeBuild } from '../../../src/build/build.js';
import { activationGeneration, switchBackend } from '../../../src/deploy/switch-backend.js';
import { runit } from '../../../src/backends/runit/index.js';
import { serviceDirOf } from '../../../src/backends/runit/paths.js';
import { serviceState, runsvAlive } from '../../../src/backends/runit/sv.js';
import { removeTree } from '../../../src/store/write.js';
import { deploymentParams } from '../../conformance/acceptance.js';
import { alive, freePorts, waitFor } from '../../helpers/wait.js';

const bin = fileURLToPath(new URL('../../fixtures/bin/', import.meta.url));
const haveRunit = spawnSync('sh', ['-c', 'command -v runsvdir && command -v sv && command -v svlogd']).status === 0;
if (!haveRunit && process.env['CI'] === 'true') throw new Error('runit is not installed (apt-get install runit)');

test('runit: restart limit, log readiness, stop signal, daemon mode, oneshot, tcp readiness', { skip: !haveRunit, timeout: 120_000 }, async (t) => {
  const state = mkdtempSync(join(tmpdir(), 'pf-runit-features-'));
  const params = deploymentParams(state, false, 'runit');
  const [port] = await freePorts(1);
  const pidFile = join(state, 'daemon.pid');
  // flaky runs longer than the settle period, so its start counts; then it crash-loops.
  const definition = defineProcesses(() => ({
    flaky: { pkg: createManagedProcess({ foregroundProcess: join(bin, 'exit-with.js'), args: ['3', '1500'], restart: { policy: 'on-failure', maxRestarts: 2, backoff: { initial: 0.2 } } }) },
    ticker: { pkg: createManagedProcess({ foregroundProcess: join(bin, 'forever.js'), args: ['--every', '100', '--ignore-term'], readiness: { kind: 'log', pattern: 'tick 3' }, stopSignal: 'INT', stopTimeout: 20 }) },
    daemon: { pkg: createManagedProcess({ daemon: join(bin, 'daemonize.js'), daemonArgs: [pidFile], pidFile }) },
    setup: { pkg: createManagedProcess({ foregroundProcess: join(bin, 'exit-with.js'), args: ['0'], type: 'oneshot' }) },
    server: { pkg: createManagedProcess({ foregroundProcess: join(bin, 'ready-after.js'), args: ['500'], environment: { PORT: port! }, readiness: { kind: 'tcp', port: port! }, dependencies: ['setup'] }) },
  }));
  const result = computeBuild({ definition, params, backend: runit, sourceFile: join(state, 'model.ts') });
  writeBuild(result);
  const generation = activationGeneration(result.generation.path, 'runit');
  let deployed = false;
  t.after(async () => {
    try {
      if (deployed) await switchBackend(runit.activator!, generation, null);
    } finally {
      await runit.manager!.stop(params);
      removeTree(state);
    }
  });
  await runit.manager!.start(params);
  assert.equal(await runit.manager!.isRunning(params), true);
  const outcome = await switchBackend(runit.activator!, null, generation);
  deployed = true;
  assert.deepEqual(outcome.failed, []);
  const running = await runit.activator!.running(params);
  for (const instance of ['daemon', 'server', 'setup', 'ticker']) assert.ok(running.has(instance), instance);

  // on-failure with maxRestarts 2: two restarts, then finish takes it down for good.
  const flaky = serviceDirOf(params, 'flaky');
  await waitFor('flaky to give up', () => existsSync(join(flaky, 'procform/failed')), 20_000);
  assert.equal(readFileSync(join(flaky, 'procform/restarts'), 'utf8').trim(), '2');
  await waitFor('flaky to be down', () => serviceState(flaky) === 'down');
  assert.match(readFileSync(join(params.logDir, 'procform/runit/flaky/current'), 'utf8'), /exiting with 3[\s\S]*stderr before exit 3/);

  // The daemon is watched through its pid file.
  const daemonPid = Number(readFileSync(pidFile, 'utf8'));
  assert.ok(alive(daemonPid));

  // ticker ignores TERM: stopping it quickly proves control/t sent INT.
  const tickerPid = Number(readFileSync(join(serviceDirOf(params, 'ticker'), 'supervise/pid'), 'utf8'));
  const began = Date.now();
  const gone = await switchBackend(runit.activator!, generation, null);
  deployed = false;
  assert.deepEqual(gone.failed, []);
  assert.ok(Date.now() - began < 15_000, `undeploy took ${Date.now() - began} ms`);
  await waitFor('ticker and the daemon to be gone', () => !alive(tickerPid) && !alive(daemonPid));
  assert.equal(runsvAlive(flaky), false);
});
