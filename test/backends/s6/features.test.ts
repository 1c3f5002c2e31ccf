// The s6 backend against a real s6-svscan: native notify readiness, emulated log and http
// readiness, a daemon-only process, the process environment, stop signals, a failed start
// with rollback, and removal. Also runs an s6-rc longrun's run script under s6, so its
// s6-notifyoncheck readiness is exercised for real. And log readiness of a process whose
// ready line comes before s6-svc returns.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { s6 } from '../../../src/backends/s6/index.js';
import { s6Paths } from '../../../src/backends/s6/manager.js';
import { s6rc } from '../../../src/backends/s6-rc/index.js';
import { computeBuild, writeBuild } from '../../../src/build/build.js';
import { realizeWithPostInstall } from '../../../src/build/realize.js';
import { activationGeneration, switchBackend } from '../../../src/deploy/switch-backend.js';
import { loadDefinition } from '../../../src/model/load.js';
import { removeTree } from '../../../src/store/write.js';
import { deploymentParams } from '../../conformance/acceptance.js';
import { alive, freePorts, waitFor } from '../../helpers/wait.js';
import { listenerPid } from '../../helpers/listeners.js';
import { assertProcessFacts, featuresDeployment } from './features-deployment.js';

const model = fileURLToPath(new URL('./fixtures/features.ts', import.meta.url));
const observed = fileURLToPath(new URL('../../fixtures/models/observed.ts', import.meta.url));
const available = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v s6-svscan && command -v s6-log'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const skip = !available && process.env.CI !== 'true';

const svstat = (dir: string, fields: string): string => execFileSync('s6-svstat', ['-o', fields, dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

test('s6: readiness, daemon mode, environment, stop signal, failure and rollback', { skip, timeout: 120_000 }, async (t) => {
  const { state, params, work, port, port2, build, deployed } = await featuresDeployment(t, s6);
  const { scanDir } = s6Paths(params);

  const good = await build({});
  const first = await switchBackend(s6.activator!, null, good);
  assert.deepEqual(first.failed, []);
  deployed.current = good;
  // notify: native, seen as ready by s6 itself.
  assert.equal(svstat(join(scanDir, 'notified'), 'up,ready'), 'true true');
  // log and http: the activator waited for them.
  assert.ok(listenerPid(port) !== null, 'logged listens once switch returns');
  assert.ok(listenerPid(port2) !== null, 'http listens once switch returns');
  // daemon-only: the proxy runs while the daemon does.
  const daemonPid = Number(readFileSync(join(work, 'daemon.pid'), 'utf8'));
  assert.ok(alive(daemonPid));
  // environment, directory, umask, nice, state dirs, initialize.
  await assertProcessFacts(work);
  // a run-once process that succeeded counts as running, and is not restarted.
  assert.ok((await s6.activator!.running(params)).has('once'));
  assert.equal(svstat(join(scanDir, 'once'), 'wantedup'), 'false');
  // logs are captured by s6-log under the log dir.
  await waitFor('the once log', () => readFileSync(join(state, 'log/procform/s6/once/current'), 'utf8').includes('exiting with 0'));

  // A process failing over and over is restarted maxRestarts times, then left down.
  await waitFor('flaky to give up', () => svstat(join(scanDir, 'flaky'), 'up,wantedup') === 'false false', 20_000);
  assert.equal(readFileSync(join(scanDir, 'flaky/procform-restarts'), 'utf8'), '2\n');
  await waitFor('the give-up message', () => readFileSync(join(state, 'log/procform/s6/flaky/current'), 'utf8').includes('failed 2 restarts in a row; giving up'));

  // A generation with a process that exits 3 under restart "no": the switch fails, its
  // dependent is not started, and the rollback leaves the first generation running as it was.
  const keptPid = listenerPid(port2);
  const bad = await build({ fail: true });
  const outcome = await switchBackend(s6.activator!, good, bad);
  assert.deepEqual(outcome.failed.map((f) => f.instance).sort(), ['afterBroken', 'broken']);
  assert.match(outcome.failed.find((f) => f.instance === 'broken')!.reason, /exit code 3/);
  assert.ok(outcome.rolledBack);
  assert.equal(listenerPid(port2), keptPid, 'untouched by the failed switch');
  assert.ok(!existsSync(join(scanDir, 'broken')), 'the failed generation\'s services are removed');

  // Undeploying stops everything: the daemon through its proxy, the process that ignores
  // SIGTERM with SIGKILL after its stop timeout (1 s), long before s6's default.
  const stubborn = Number(svstat(join(scanDir, 'stubborn'), 'pid'));
  assert.ok(alive(stubborn));
  const before = Date.now();
  const result = await switchBackend(s6.activator!, good, null);
  assert.ok(Date.now() - before < 8000, 'the stop timeout was honoured');
  assert.ok(!alive(stubborn));
  assert.deepEqual(result.failed, []);
  deployed.current = null;
  await waitFor('the daemon to stop', () => !alive(daemonPid));
  assert.equal(listenerPid(port2), null);
  assert.deepEqual([...(await s6.activator!.running(params))], []);
});

test('s6-rc: a longrun run script with s6-notifyoncheck readiness runs under s6', { skip, timeout: 60_000 }, async (t) => {
  const state = mkdtempSync(join(tmpdir(), 'pf-s6rc-'));
  const params = deploymentParams(state, false, 's6-rc');
  const [port] = await freePorts(1);
  const result = computeBuild({ definition: await loadDefinition(model), params: { ...params, extraParams: { dir: state, port: 1, port2: port } }, backend: s6rc, sourceFile: model });
  writeBuild(result);
  const scan = join(state, 'scan');
  const svc = join(scan, 'http');
  mkdirSync(scan);
  cpSync(join(result.processEntries.get('http')!.path, 'http-srv'), svc, { recursive: true });
  const svscan = (await import('node:child_process')).spawn('s6-svscan', [scan], { stdio: 'ignore' });
  t.after(async () => {
    execFileSync('s6-svscanctl', ['-t', scan]);
    await waitFor('s6-svscan to exit', () => svscan.exitCode !== null || svscan.signalCode !== null);
    removeTree(state);
  });
  await waitFor('the service to be up and ready', () => {
    try {
      return svstat(svc, 'up,ready') === 'true true';
    } catch {
      return false;
    }
  }, 20_000);
  assert.ok(listenerPid(port!) !== null, 'ready only once it listens');
});

test('s6: log readiness sees a ready line written before s6-svc returns', { skip, timeout: 120_000 }, async (t) => {
  const state = mkdtempSync(join(tmpdir(), 'pf-s6-early-'));
  chmodSync(state, 0o755);
  const params = deploymentParams(state, false, 's6');
  // The real s6-svc, slowed down after `-u` as on a busy machine: the process has printed
  // its ready line (and s6-log written it) by the time the activator hears back.
  const bin = join(state, 'bin');
  mkdirSync(bin);
  const real = execFileSync('sh', ['-c', 'command -v s6-svc'], { encoding: 'utf8' }).trim();
  writeFileSync(join(bin, 's6-svc'), `#!/bin/sh\n${JSON.stringify(real)} "$@" || exit $?\n[ "$1" = -u ] && sleep 1\nexit 0\n`);
  chmodSync(join(bin, 's6-svc'), 0o755);
  const savedPath = process.env.PATH;
  process.env.PATH = `${bin}:${savedPath ?? ''}`;
  const result = computeBuild({ definition: await loadDefinition(observed), params, backend: s6, sourceFile: observed, realize: realizeWithPostInstall });
  writeBuild(result);
  const generation = activationGeneration(result.generation.path, 's6');
  let deployed = false;
  t.after(async () => {
    process.env.PATH = savedPath;
    try {
      if (deployed) await switchBackend(s6.activator!, generation, null);
    } finally {
      await s6.manager!.stop(params);
      removeTree(state);
    }
  });
  await s6.manager!.start(params);
  const outcome = await switchBackend(s6.activator!, null, generation);
  deployed = outcome.failed.length === 0;
  assert.deepEqual(outcome.failed, [], 'db printed "db ready" at once and counts as ready');
});
