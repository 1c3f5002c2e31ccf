// Run INSIDE scripts/systemd-user-sandbox (systemd.test.ts does): the shared acceptance
// sequence, the oneshot case and procform status/logs/restart/stop/start against the
// sandbox's real systemd --user manager.
//   scripts/systemd-user-sandbox run DIR -- node --import tsx --test test/backends/systemd/inside-user-manager.ts
import { systemd } from '../../../src/backends/systemd/index.js';
import { setEnabled } from '../../../src/backends/systemd/activate.js';
import { runAcceptance, runOneshotCase } from '../../conformance/acceptance.js';
import { runObserveCase } from '../../conformance/observe.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { removeTree } from '../../../src/store/write.js';
import { SANDBOX } from '../../helpers/systemd-sandbox.js';
import { deployment } from '../../conformance/acceptance.js';
import { waitFor } from '../../helpers/wait.js';

process.env.PROCFORM_SYSTEMD_USER = '1';
runAcceptance({ backend: systemd, privileged: false });
runOneshotCase({ backend: systemd });
// Each unit waits for its own readiness (ExecStartPost=), so systemd can tell it.
runObserveCase({ backend: 'systemd', manager: false, knowsReadiness: true });

// Log readiness, dependencies, initialize, state dirs, daemon-only (forking + PIDFile), oneshot.

test('systemd: every unit feature under a real systemd --user manager', { timeout: 120_000 }, async (t) => {
  const d = deployment(t, systemd, false);
  const result = await d.build(join(import.meta.dirname, 'fixtures/features.ts'));
  assert.deepEqual((await d.switchTo(result)).failed, []);
  const facts = join(d.params.libDir, 'facts-state/facts.json');
  await waitFor('facts.json', () => existsSync(facts), 20_000);
  assert.equal(readFileSync(join(d.params.tmpDir, 'init-uid'), 'utf8').trim(), String(process.getuid?.()));
  const state = (unit: string): string => execFileSync('systemctl', ['--user', 'is-active', unit], { encoding: 'utf8' }).trim();
  assert.equal(state('procform-daemon.service'), 'active');
  assert.equal(state('procform-once.service'), 'active');
  assert.equal(state('procform-server.service'), 'active');
  assert.deepEqual([...(await systemd.activator!.running(d.params))].sort(), ['daemon', 'facts', 'once', 'server']);
  assert.deepEqual((await d.switchTo(null)).failed, []);
  assert.deepEqual([...(await systemd.activator!.running(d.params))], []);
});

test('systemd: a unit that exits at once is reported as failed, not started', { timeout: 60_000 }, async (t) => {
  const d = deployment(t, systemd, false);
  const result = await d.build(join(import.meta.dirname, '../../fixtures/models/exits-at-once.ts'));
  const outcome = await d.switchTo(result);
  assert.deepEqual(outcome.failed.map((f) => f.instance), ['svc']);
  assert.match(outcome.failed[0]!.reason, /exited \(.*\) (as soon as|right after) it/);
  assert.deepEqual([...(await systemd.activator!.running(d.params))], []);
});

test('systemd: --enable makes the deployment start at boot, --no-enable undoes it', { timeout: 60_000 }, async (t) => {
  const d = deployment(t, systemd, false);
  const result = await d.build(join(import.meta.dirname, 'fixtures/features.ts'));
  assert.deepEqual((await d.switchTo(result)).failed, []);
  const enabled = (unit: string): string => {
    try {
      return execFileSync('systemctl', ['--user', 'is-enabled', unit], { encoding: 'utf8' }).trim();
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? '').trim();
    }
  };
  await setEnabled(d.params, true);
  assert.equal(enabled('procform.target'), 'enabled');
  assert.match(enabled('procform-server.service'), /^(enabled|linked)$/);
  await setEnabled(d.params, false);
  assert.equal(enabled('procform.target'), 'disabled');
});

test('systemd: a deployment enabled for boot comes back after a reboot with the units its later switches made', { timeout: 60_000 }, async (t) => {
  const d = deployment(t, systemd, false);
  const dir = mkdtempSync(join(tmpdir(), 'procform-boot-model-'));
  t.after(() => removeTree(dir));
  const model = (names: string[]): string => {
    const file = join(dir, `${names.join('-')}.ts`);
    writeFileSync(file, `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses(() => ({ ${names.map((n) => `${n}: { pkg: createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['600'] }) }`).join(', ')} }));\n`);
    return file;
  };
  assert.deepEqual((await d.switchTo(await d.build(model(['a', 'b'])))).failed, []);
  await setEnabled(d.params, true);
  // After the enabling: b goes, c comes; neither is enabled by name.
  assert.deepEqual((await d.switchTo(await d.build(model(['a', 'c'])))).failed, []);
  const reboot = spawnSync(SANDBOX, ['restart'], { encoding: 'utf8' });
  assert.equal(reboot.status, 0, reboot.stderr);
  await waitFor('a and c to run again', async () => [...(await systemd.activator!.running(d.params))].sort().join() === 'a,c', 20_000);
});
