// The acceptance sequence of nix-processmgmt's tests, run against a real process manager
// through the switch every backend shares (deploy/switch.ts, as `procform switch` runs it):
// deploy the webapps example, switch to the advanced model,
// change one process and compare pids, crash restart, an invalid model, rollback,
// undeploy. Every backend's test file calls runAcceptance. The hostile-values case runs as a
// tests file through `procform test` on every backend that runs here
// (test/testing/driver.test.ts); runHostileCase keeps it for the docker backend, whose
// engines that command does not drive in these tests.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../../src/deploy/backend.js';
import { computeBuild, writeBuild, type BuildResult } from '../../src/build/build.js';
import { realizeWithPostInstall } from '../../src/build/realize.js';
import { switchGeneration, type SwitchOutcome } from '../../src/deploy/switch.js';
import { defineProcesses } from '../../src/model/define-processes.js';
import { loadDefinition } from '../../src/model/load.js';
import type { BaseParams } from '../../src/model/evaluate.js';
import { removeTree } from '../../src/store/write.js';
import { alive, freePorts, get, waitFor } from '../helpers/wait.js';
import { listenerPid } from '../helpers/listeners.js';
import { acquireMachineLock } from '../helpers/machine-lock.js';
import { HOSTILE_ENVIRONMENT, HOSTILE_VALUES } from './hostile.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const examples = join(root, 'examples/webapps');

/** Parameters of a deployment rooted in a fresh temp dir. */
export const deploymentParams = (state: string, privileged: boolean, backend: string, ids: BaseParams['ids'] = {}): BaseParams => ({
  stateDir: state, runtimeDir: join(state, 'run'), logDir: join(state, 'log'), tmpDir: join(state, 'tmp'),
  cacheDir: join(state, 'cache'), spoolDir: join(state, 'spool'), lockDir: join(state, 'lock'), libDir: join(state, 'lib'),
  storeDir: join(state, 'lib/procform/store'), forceDisableUserChange: !privileged,
  callingUser: privileged ? 'root' : 'root', callingGroup: 'root', processManager: backend as BaseParams['processManager'], ids, extraParams: {},
});

/** A deployment under test: builds and switches generations of one backend (with its `-o` options, if any). */
export const deployment = (t: TestContext, backend: Backend, privileged: boolean, ids: BaseParams['ids'] = {}, backendOptions?: BaseParams['backendOptions']) => {
  const state = mkdtempSync(join(tmpdir(), `pf-${backend.name}-`));
  // Processes that run as their own users must reach their pid and state files below it.
  chmodSync(state, 0o755);
  const params = { ...deploymentParams(state, privileged, backend.name, ids), ...(backendOptions ? { backendOptions } : {}) };
  let deployed = false;
  const build = async (model: string, extra: Record<string, unknown> = {}, more: Partial<BaseParams> = {}): Promise<BuildResult> => {
    const result = computeBuild({
      definition: await loadDefinition(model), params: { ...params, ...more, extraParams: extra }, backend, sourceFile: model, realize: realizeWithPostInstall,
    });
    writeBuild(result);
    return result;
  };
  // What `switch --undeploy` switches to.
  const nothing = (): BuildResult => {
    const result = computeBuild({ definition: defineProcesses(() => ({})), params, backend, sourceFile: '(undeploy)', allowEmpty: true });
    writeBuild(result);
    return result;
  };
  /** The switch `procform switch` makes (null: `--undeploy`); its outcome, also when the generation did not come up. */
  const switchTo = async (result: BuildResult | null): Promise<SwitchOutcome> => {
    let outcome: SwitchOutcome | undefined;
    try {
      await switchGeneration({ backend, libDir: params.libDir, generation: (result ?? nothing()).generation.path, events: { outcome: (done) => { outcome = done; } } });
    } catch (error) {
      if (outcome === undefined) throw error;
    }
    deployed = result !== null;
    return outcome!;
  };
  t.after(async () => {
    try {
      if (deployed) await switchTo(null);
    } finally {
      if (backend.manager) await backend.manager.stop(params);
      removeTree(state);
    }
  });
  return { state, params, build, switchTo };
};

const skipUnlessRoot = (t: TestContext, privileged: boolean): boolean => {
  if (!privileged || process.getuid?.() === 0) return false;
  if (process.env.CI === 'true') assert.fail('the privileged profile needs root under CI');
  t.skip('the privileged profile needs root');
  return true;
};

/** Registers the acceptance test of one backend in one profile. */
export const runAcceptance = ({ backend, privileged, proxy = 'node', backendOptions }: { backend: Backend; privileged: boolean; proxy?: 'node' | 'nginx'; backendOptions?: BaseParams['backendOptions'] }): void => {
  test(`${backend.name}: acceptance sequence (${privileged ? 'privileged' : 'unprivileged'}, ${proxy} proxy)`, { timeout: 360_000 }, async (t) => {
    if (skipUnlessRoot(t, privileged)) return;
    // As root, the example's accounts are the machine's: one privileged sequence at a time.
    const release = privileged ? await acquireMachineLock('webapps-accounts') : null;
    const ports = await freePorts(10);
    const webappPorts = Object.fromEntries(['webapp', 'webapp1', 'webapp2', 'webapp3', 'webapp4', 'webapp5', 'webapp6'].map((n, i) => [n, ports[i]!]));
    const ids = { webappPorts, nginxPorts: { nginx: ports[7]!, nginx2: ports[8]! } };
    const d = deployment(t, backend, privileged, ids, backendOptions);
    // After the deployment's own cleanup, which removes the accounts.
    if (release !== null) t.after(release);
    if (backend.manager) await backend.manager.start(d.params);
    const extra = { proxy };

    // 1. The simple model: the proxy routes by Host header.
    const simple = await d.build(join(examples, 'processes.ts'), extra);
    assert.deepEqual((await d.switchTo(simple)).failed, []);
    assert.match((await get(ports[7]!, 'webapp.local')).body, new RegExp(`listening on port: ${webappPorts.webapp}`));

    // 2. The advanced model: six webapps behind two proxies.
    const advanced = await d.build(join(examples, 'processes-advanced.ts'), extra);
    assert.deepEqual((await d.switchTo(advanced)).failed, []);
    for (const [i, name] of ['webapp1', 'webapp2', 'webapp3', 'webapp4', 'webapp5', 'webapp6'].entries()) {
      const proxyPort = i < 4 ? ports[7]! : ports[8]!;
      assert.match((await get(proxyPort, `${name}.local`)).body, new RegExp(`listening on port: ${webappPorts[name]}`), name);
    }
    assert.ok(!alive(listenerPid(webappPorts.webapp!) ?? -1), 'the removed webapp is stopped');

    // 3. One process changes (webapp6 moves port): only it and its proxy restart.
    const pidsBefore = Object.fromEntries(ports.slice(1, 9).map((p) => [p, listenerPid(p)]));
    const moved = ports[9]!;
    const changed = await d.build(join(examples, 'processes-advanced.ts'), extra, { ids: { ...ids, webappPorts: { ...webappPorts, webapp6: moved } } });
    assert.deepEqual((await d.switchTo(changed)).failed, []);
    for (const port of ports.slice(1, 6)) assert.equal(listenerPid(port), pidsBefore[port], `webapp on ${port} kept its pid`);
    assert.equal(listenerPid(ports[7]!), pidsBefore[ports[7]!], 'nginx kept its pid');
    assert.notEqual(listenerPid(ports[8]!), pidsBefore[ports[8]!], 'nginx2 routes to the moved webapp, so it restarted');
    assert.match((await get(ports[8]!, 'webapp6.local')).body, new RegExp(`listening on port: ${moved}`));

    // A crash is restarted by the manager (unless the backend says it cannot).
    if (!backend.limitations.some((l) => l.feature === 'restart')) {
      const victim = listenerPid(ports[1]!)!;
      process.kill(victim, 'SIGKILL');
      await waitFor('the manager to restart webapp1', () => { const pid = listenerPid(ports[1]!); return pid !== null && pid !== victim; }, 20_000);
    }

    // An invalid model never reaches the manager.
    const running = listenerPid(ports[7]!);
    await assert.rejects(d.build(join(root, 'test/fixtures/models/invalid.ts')));
    assert.equal(listenerPid(ports[7]!), running);

    // 4. Back to the first generation.
    assert.deepEqual((await d.switchTo(simple)).failed, []);
    assert.match((await get(ports[7]!, 'webapp.local')).body, new RegExp(`listening on port: ${webappPorts.webapp}`));
    assert.equal(listenerPid(ports[8]!), null, 'nginx2 is gone');

    // 5. Undeploy: nothing listens, no webapp remains.
    const last = [ports[0]!, ports[7]!].map(listenerPid);
    assert.deepEqual((await d.switchTo(null)).failed, []);
    await assert.rejects(get(ports[7]!, 'webapp.local'));
    await waitFor('every process to be gone', () => last.every((pid) => pid === null || !alive(pid)));
  });
};

/** Registers the hostile-values case: exact argv and environment, or a clear refusal. */
export const runHostileCase = ({ backend, backendOptions }: { backend: Backend; backendOptions?: BaseParams['backendOptions'] }): void => {
  test(`${backend.name}: hostile arguments and environment arrive exactly, or are refused`, { timeout: 60_000 }, async (t) => {
    const d = deployment(t, backend, false, {}, backendOptions);
    if (backend.manager) await backend.manager.start(d.params);
    const out = join(d.state, 'facts.json');
    // Every backend carries every one of these values (the render conformance suite holds
    // each to it): a refusal fails here as much as a mangled value.
    const result = await d.build(join(root, 'test/fixtures/models/hostile.ts'), { out, args: HOSTILE_VALUES, environment: HOSTILE_ENVIRONMENT });
    const outcome = await d.switchTo(result);
    assert.deepEqual(outcome.failed, []);
    await waitFor('the fixture to report', () => existsSync(out), 20_000);
    const facts = JSON.parse(readFileSync(out, 'utf8')) as { argv: string[]; env: Record<string, string> };
    assert.deepEqual(facts.argv, [out, ...HOSTILE_VALUES]);
    for (const [name, value] of Object.entries(HOSTILE_ENVIRONMENT)) assert.equal(facts.env[name], value, name);
  });
};

/**
 * Registers the oneshot case: a oneshot that succeeded is kept by a switch that does not
 * change it, even when its dependent restarts, and runs again only when its own entry changes.
 */
export const runOneshotCase = ({ backend, backendOptions }: { backend: Backend; backendOptions?: BaseParams['backendOptions'] }): void => {
  test(`${backend.name}: a oneshot that succeeded is kept by a switch that does not change it`, { timeout: 90_000 }, async (t) => {
    const d = deployment(t, backend, false, {}, backendOptions);
    if (backend.manager) await backend.manager.start(d.params);
    const out = join(d.state, 'migrate.log');
    const model = join(root, 'test/fixtures/models/oneshot.ts');
    const runs = (): number => (existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter((l) => l === 'ran').length : 0);
    const first = await d.build(model, { out });
    assert.deepEqual((await d.switchTo(first)).failed, []);
    assert.equal(runs(), 1, 'the oneshot ran once');
    const same = await d.switchTo(first);
    assert.deepEqual(same.failed, []);
    assert.deepEqual([...same.plan.start], [], 'nothing starts again');
    assert.equal(same.plan.reasons.migrate, 'unchanged');
    const relabelled = await d.build(model, { out, label: 'two' });
    const dependentChanged = await d.switchTo(relabelled);
    assert.deepEqual(dependentChanged.failed, []);
    assert.deepEqual([...dependentChanged.plan.start], ['server'], 'only the changed dependent starts');
    assert.equal(runs(), 1, 'the oneshot did not run again');
  });
};
