// The s6-rc backend against a real s6-rc on its own s6-svscan: native notify readiness,
// http readiness through s6-notifyoncheck, log readiness followed by the activator, a daemon-only process as a oneshot, the process
// environment, restart limits, a failed start with rollback (the failed generation's
// services leave the live database), and an undeploy that honours stop timeouts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { s6rc } from '../../../src/backends/s6-rc/index.js';
import { s6rcPaths } from '../../../src/backends/s6-rc/manager.js';
import { switchBackend } from '../../../src/deploy/switch-backend.js';
import { alive, waitFor } from '../../helpers/wait.js';
import { listenerPid } from '../../helpers/listeners.js';
import { firstMissing } from '../../helpers/programs.js';
import { assertProcessFacts, featuresDeployment } from '../s6/features-deployment.js';

const available = firstMissing(['s6-rc-compile', 's6-svscan', 's6-log']) === undefined;
const skip = !available && process.env.CI !== 'true' ? 's6-rc is not installed (see the README: s6-rc)' : false;

const svstat = (dir: string, fields: string): string => execFileSync('s6-svstat', ['-o', fields, dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

test('s6-rc: readiness, daemon mode, environment, restart limits, failure and rollback, stop timeout', { skip, timeout: 180_000 }, async (t) => {
  const { state, params, work, port, port2, build, deployed } = await featuresDeployment(t, s6rc, { chmod: true });
  const paths = s6rcPaths(params);
  const service = (name: string) => join(paths.liveDir, 'servicedirs', `${name}-srv`);
  const active = () => execFileSync('s6-rc', ['-l', paths.liveDir, '-a', 'list'], { encoding: 'utf8' }).split('\n').filter(Boolean);

  const good = await build({});
  const first = await switchBackend(s6rc.activator!, null, good);
  assert.deepEqual(first.failed, []);
  deployed.current = good;
  // notify: native, s6 saw the notification before s6-rc counted it up.
  assert.equal(svstat(service('notified'), 'up,ready'), 'true true');
  // log: the activator followed the logger's file until the ready line.
  assert.ok(listenerPid(port) !== null, 'logged listens once switch returns');
  // http: s6-notifyoncheck probed it, so it listens once the switch returns.
  assert.ok(listenerPid(port2) !== null, 'http listens once switch returns');
  assert.equal(svstat(service('http'), 'ready'), 'true');
  // daemon-only: a oneshot whose up started the daemon, which runs on.
  const daemonPid = Number(readFileSync(join(work, 'daemon.pid'), 'utf8'));
  assert.ok(alive(daemonPid));
  assert.ok(active().includes('daemon'), 's6-rc counts the daemon oneshot up');
  // environment, directory, umask, nice, state dirs, initialize.
  await assertProcessFacts(work);
  // A run-once process that succeeded counts as running, and is not restarted.
  assert.ok((await s6rc.activator!.running(params)).has('once'));
  assert.equal(svstat(service('once'), 'wantedup'), 'false');
  // Each longrun's output goes to its logger, <name>-log.
  assert.ok(active().includes('once-log'));
  await waitFor('the once log', () => readFileSync(join(state, 'log/procform/s6-rc/once/current'), 'utf8').includes('exiting with 0'));
  // One compiled database, the live one.
  assert.equal(readdirSync(paths.databasesDir).filter((name) => !name.startsWith('.')).length, 1);

  // A process failing over and over is restarted maxRestarts times, then left down.
  await waitFor('flaky to give up', () => svstat(service('flaky'), 'up,wantedup') === 'false false', 20_000);
  assert.equal(readFileSync(join(service('flaky'), 'procform-restarts'), 'utf8'), '2\n');
  assert.ok(!(await s6rc.activator!.running(params)).has('flaky'), 'a process s6 gave up on is not running, whatever s6-rc says');

  // A generation with a process that exits 3 under restart "no": the switch fails, its
  // dependent is not started, and the rollback leaves the first generation running as it was.
  const keptPid = listenerPid(port2);
  const bad = await build({ fail: true });
  const outcome = await switchBackend(s6rc.activator!, good, bad);
  assert.deepEqual(outcome.failed.map((f) => f.instance).sort(), ['afterBroken', 'broken']);
  assert.match(outcome.failed.find((f) => f.instance === 'broken')!.reason, /exit code 3/);
  assert.ok(outcome.rolledBack);
  assert.equal(listenerPid(port2), keptPid, 'untouched by the failed switch');
  assert.ok(!existsSync(service('broken')), 'the failed generation\'s services left the live database');

  // Undeploying stops everything: the daemon through its down script, the process that
  // ignores SIGTERM with SIGKILL after its stop timeout (1 s).
  const stubborn = Number(svstat(service('stubborn'), 'pid'));
  assert.ok(alive(stubborn));
  const before = Date.now();
  const result = await switchBackend(s6rc.activator!, good, null);
  assert.ok(Date.now() - before < 8000, 'the stop timeout was honoured');
  assert.ok(!alive(stubborn));
  assert.deepEqual(result.failed, []);
  deployed.current = null;
  await waitFor('the daemon to stop', () => !alive(daemonPid));
  assert.equal(listenerPid(port2), null);
  assert.deepEqual([...(await s6rc.activator!.running(params))], []);
  assert.deepEqual(active().filter((name) => !name.startsWith('s6rc-')), [], 's6-rc counts nothing up');
});
