// The start sequence of an image, for each manager, built and run with podman: a oneshot
// (a migration) depends on a service that accepts connections only after a delay (tcp
// readiness), and an API depends on the oneshot. The image starts the oneshot once the
// service is ready, so everything comes up; and when the oneshot fails, the container
// exits non-zero instead of running half up.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { IMAGE_MANAGERS } from '../../src/image/types.js';
import { listenerPid } from '../helpers/listeners.js';
import { ensureImageBase, podman, podmanEnv, skipWithoutPodman } from '../helpers/podman.js';
import { freePorts, get, waitFor } from '../helpers/wait.js';
import { buildWithPodman, stackModel } from './helpers.js';

let ports: { db: number; api: number };
let model: { dir: string; model: string };
const suffix = `${process.pid}-${Date.now().toString(36)}`;
const created: { containers: string[]; images: string[] } = { containers: [], images: [] };

before(async () => {
  const [db, api] = await freePorts(2);
  ports = { db: db!, api: api! };
  model = stackModel(ports);
});

after(() => {
  for (const name of created.containers) podman(['rm', '-f', '-t', '0', name], { allowFailure: true });
  for (const image of created.images) podman(['rmi', '-f', image], { allowFailure: true });
  rmSync(model.dir, { recursive: true, force: true });
});

const logsOf = (name: string): string => {
  const result = spawnSync('podman', ['logs', name], { env: { ...process.env, ...podmanEnv() }, encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`;
};

/** Runs the image, gives `check` the container's name, then removes the container whatever happened (it holds the ports). */
const inContainer = async (name: string, tag: string, check: () => Promise<void>): Promise<void> => {
  created.containers.push(name);
  podman(['run', '-d', '--name', name, '--network', 'host', tag]);
  try {
    await check();
  } finally {
    podman(['rm', '-f', '-t', '10', name], { allowFailure: true });
    created.containers.splice(created.containers.indexOf(name), 1);
  }
};

/** Builds the stack image for a manager; `migration: 'fail'` makes the oneshot fail. */
const buildStack = async (manager: string, variant: 'ok' | 'fail', mutable = false): Promise<string> => {
  const base = await ensureImageBase();
  const tag = `localhost/pf-image-start-${manager}-${variant}${mutable ? '-mutable' : ''}:${suffix}`;
  created.images.push(tag);
  const built = buildWithPodman(['-f', model.model, '-P', manager, '--base', base, '--tag', tag, '--build', '-q', '--extra-params', JSON.stringify({ migration: variant }), ...(mutable ? ['--mutable'] : [])]);
  assert.equal(built.code, 0, built.stderr);
  return tag;
};

for (const manager of IMAGE_MANAGERS) {
  test(`${manager} image: the oneshot waits for the tcp readiness of what it depends on, and everything comes up`, { timeout: 180_000 }, async (t) => {
    if (skipWithoutPodman(t)) return;
    const tag = await buildStack(manager, 'ok');
    const name = `pf-image-start-${manager}-${suffix}`;
    await inContainer(name, tag, async () => {
      // The API starts only after the migration succeeded, which needs the database listening.
      const answer = await waitFor('the API to answer', async () => {
        const response = await get(ports.api).catch(() => undefined);
        return response?.body.includes('api') ? response : undefined;
      }, 60_000).catch((error: Error) => assert.fail(`${error.message}\n${logsOf(name)}`));
      assert.equal(answer.status, 200);
      assert.notEqual(listenerPid(ports.db), null, 'the database runs');
      assert.equal(podman(['inspect', '-f', '{{.State.Running}}', name]).trim(), 'true');
    });
  });
}

// Immutable images of every manager; mutable ones through both ways procform runs there
// (its own supervisor, or another manager it drives).
for (const [manager, mutable] of [...IMAGE_MANAGERS.map((m) => [m, false] as const), ['embedded', true], ['s6', true]] as const) {
  test(`${mutable ? 'mutable ' : ''}${manager} image: when the oneshot fails, every process stops and the container exits non-zero`, { timeout: 180_000 }, async (t) => {
    if (skipWithoutPodman(t)) return;
    const tag = await buildStack(manager, 'fail', mutable);
    const name = `pf-image-fail-${manager}${mutable ? '-mutable' : ''}-${suffix}`;
    await inContainer(name, tag, async () => {
      spawnSync('podman', ['wait', name], { env: { ...process.env, ...podmanEnv() }, timeout: 60_000 });
      const logs = logsOf(name);
      const [running, code] = podman(['inspect', '-f', '{{.State.Running}} {{.State.ExitCode}}', name]).trim().split(' ');
      assert.equal(running, 'false', `the container exits on its own instead of running half up:\n${logs}`);
      assert.notEqual(code, '0', `the exit code says it failed:\n${logs}`);
      assert.match(logs, /migrate/, 'the failure is named in the container log');
      assert.equal(listenerPid(ports.db), null, 'the database stopped with it');
      assert.equal(listenerPid(ports.api), null, 'the API never started');
    });
  });
}
