// The swarm backend on a real one-node swarm (Debian's docker.io, a dockerd the test starts
// on its own socket, test/helpers/swarm.ts): the shared acceptance sequence, hostile and
// oneshot cases, then a switch that changes one process of three, which must leave the
// other services' tasks as they were, with the placement constraint of an override
// accepted by the engine, status reporting replicas and task states, and a restart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { swarm } from '../../../src/backends/swarm/index.js';
import { activationGeneration } from '../../../src/deploy/switch-backend.js';
import { deployment, runAcceptance, runHostileCase, runOneshotCase } from '../../conformance/acceptance.js';
import { dockerdMissing, loadImage, type Dockerd } from '../../helpers/dockerd.js';
import { BASE_IMAGE, ensureBaseImage } from '../../helpers/podman.js';
import { startSwarm } from '../../helpers/swarm.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const missing = dockerdMissing();
const suffix = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

const docker = (args: readonly string[]): string => {
  const result = spawnSync('docker', args, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`docker ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
};

/** The running task of each service of `names` in `stack`. */
const runningTasks = (stack: string, names: readonly string[]): Record<string, string> =>
  Object.fromEntries(names.map((name) => [name, docker(['service', 'ps', '--quiet', '--no-trunc', '--filter=desired-state=running', `${stack}_${name}`])]));

if (missing === null) {
  let engine: Dockerd | null = null;
  before(async () => {
    await ensureBaseImage();
    engine = await startSwarm();
    loadImage(engine, BASE_IMAGE);
    // The activator runs `docker` with this process's environment.
    Object.assign(process.env, { PROCFORM_DOCKER: 'docker', DOCKER_HOST: engine.host });
  });
  after(async () => { await engine?.stop(); });
  const options = (name: string) => ({ image: BASE_IMAGE, stack: `${name}-${suffix}` });
  runAcceptance({ backend: swarm, privileged: true, backendOptions: options('pfsa') });
  runHostileCase({ backend: swarm, backendOptions: options('pfsh') });
  runOneshotCase({ backend: swarm, backendOptions: options('pfso') });

  test('swarm: a switch that changes one process leaves the other services\' tasks alone', { timeout: 240_000 }, async (t) => {
    const stack = `pfst-${suffix}`;
    const d = deployment(t, swarm, false, {}, options('pfst'));
    const model = join(root, 'test/fixtures/models/trio.ts');
    const first = await d.build(model);
    assert.deepEqual((await d.switchTo(first)).failed, []);
    const names = ['first', 'middle', 'last'];
    const before = runningTasks(stack, names);
    for (const name of names) assert.match(before[name]!, /^\w{25}$/, `${name} has one running task`);
    assert.equal(docker(['service', 'inspect', '--format', '{{json .Spec.TaskTemplate.Placement.Constraints}}', `${stack}_first`]), '["node.role==manager"]');

    const changed = await d.build(model, { label: 'two' });
    const outcome = await d.switchTo(changed);
    assert.deepEqual(outcome.failed, []);
    assert.deepEqual([...outcome.plan.start], ['middle']);
    const after = runningTasks(stack, names);
    assert.equal(after.first, before.first, 'first kept its task');
    assert.equal(after.last, before.last, 'last kept its task');
    assert.notEqual(after.middle, before.middle, 'middle has a new task');

    const status = await swarm.activator!.status!(activationGeneration(changed.generation.path, 'swarm'));
    for (const p of status.processes) {
      assert.deepEqual(p.replicas, { running: 1, desired: 1 }, p.instance);
      assert.equal(p.tasks?.[0], 'running', p.instance);
    }
    assert.equal(status.processes.find((p) => p.instance === 'middle')?.tasks?.[1], 'shutdown', 'the replaced task is kept as shut down');

    // procform restart: the same spec, so a forced update gives the service a new task.
    const restarted = await swarm.activator!.control!('restart', ['middle'], activationGeneration(changed.generation.path, 'swarm'));
    assert.deepEqual(restarted.failed, []);
    const again = runningTasks(stack, names);
    assert.notEqual(again.middle, after.middle, 'middle restarted');
    assert.equal(again.first, before.first, 'first kept its task');
  });
} else {
  test('swarm: acceptance, hostile and oneshot cases on a one-node swarm', (t) => {
    if (process.env.CI === 'true') assert.fail(`the swarm tests need ${missing} under CI (.ci/run installs it)`);
    t.skip(`needs ${missing}`);
  });
}
