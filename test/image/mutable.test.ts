// Mutable images, one per manager: the first start deploys the model, `procform switch`
// inside the running container adds a webapp without touching the processes that did not
// change, and the state volume brings the current generation back after a restart and in
// a container made anew.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGE_MANAGERS } from '../../src/image/types.js';
import { listenerPid } from '../helpers/listeners.js';
import { ensureImageBase, podman, skipWithoutPodman } from '../helpers/podman.js';
import { alive, freePorts, get, waitFor } from '../helpers/wait.js';
import { buildWithPodman, webappsCopy, type WebappsPorts } from './helpers.js';

let ports: WebappsPorts;
let extraPort: number;
let copy: { dir: string; model: string };
const suffix = `${process.pid}-${Date.now().toString(36)}`;
const created: { containers: string[]; volumes: string[]; images: string[] } = { containers: [], volumes: [], images: [] };

before(async () => {
  const [webapp, proxy, extra] = await freePorts(3);
  ports = { webapp: webapp!, proxy: proxy! };
  extraPort = extra!;
  copy = webappsCopy(ports, extraPort);
});

after(() => {
  for (const name of created.containers) podman(['rm', '-f', '-t', '0', name], { allowFailure: true });
  for (const volume of created.volumes) podman(['volume', 'rm', '-f', volume], { allowFailure: true });
  for (const image of created.images) podman(['rmi', '-f', image], { allowFailure: true });
  rmSync(copy.dir, { recursive: true, force: true });
});

// The first start deploys the model inside the container; next to the stack tests on two
// cores that can take well over half a minute.
const answers = (port: number, host?: string): Promise<string> => waitFor(`port ${port} to answer`, async () => {
  const response = await get(port, host);
  return response.body.includes(`listening on port: `) ? response.body : undefined;
}, 90_000);

/** The pid (on this machine) of the process listening on each port, once all listen. */
const listeners = (...list: number[]): Promise<number[]> =>
  waitFor(`listeners on ${list.join(', ')}`, () => {
    const pids = list.map(listenerPid);
    return pids.every((pid) => pid !== null) ? (pids as number[]) : undefined;
  }, 30_000);

for (const manager of IMAGE_MANAGERS) {
  test(`mutable ${manager} image: deployed at the first start, switched inside with minimal restarts, back after a restart`, { timeout: 240_000 }, async (t) => {
    if (skipWithoutPodman(t)) return;
    const base = await ensureImageBase();
    const tag = `localhost/pf-image-mutable-${manager}:${suffix}`;
    const name = `pf-image-mutable-${manager}-${suffix}`;
    const volume = `pf-image-state-${manager}-${suffix}`;
    created.images.push(tag);
    const built = buildWithPodman(['-f', copy.model, '-P', manager, '--mutable', '--base', base, '-o', join(copy.dir, `context-mutable-${manager}`), '--tag', tag, '--build', '-q']);
    assert.equal(built.code, 0, built.stderr);
    const run = (): void => {
      created.containers.push(name);
      created.volumes.push(volume);
      podman(['run', '-d', '--name', name, '--network', 'host', '-v', `${volume}:/var`, tag]);
    };

    run();
    assert.match(await answers(ports.proxy, 'webapp.local'), new RegExp(`port: ${ports.webapp}\\b`));
    const [webapp, proxy] = await listeners(ports.webapp, ports.proxy);
    // The processes run from the model copied into the image.
    assert.match(podman(['exec', name, 'ps', '-eo', 'args=']), /node \/etc\/procform\/model\/bin\/webapp\.js/);

    // The model in the image gains a second webapp; the switch starts only that one.
    // The embedded supervisor reports what it did; the other managers the plan they carried out.
    const switched = procformIn(name, ['switch', '-f', '/etc/procform/model/more.ts', '--json', '-q']) as { started?: string[]; stopped?: string[]; plan?: { start: string[]; stop: string[] } };
    assert.deepEqual(switched.plan ? [switched.plan.start, switched.plan.stop] : [switched.started, switched.stopped], [['webapp2'], []]);
    assert.match(await answers(extraPort), new RegExp(`port: ${extraPort}\\b`));
    assert.deepEqual(await listeners(ports.webapp, ports.proxy), [webapp, proxy], 'the webapp and the proxy kept their pids');

    // A restart runs the current generation (2) again, from the volume.
    podman(['restart', '-t', '10', name]);
    assert.equal(alive(webapp!), false);
    await answers(extraPort);
    assert.match(await answers(ports.proxy, 'webapp.local'), new RegExp(`port: ${ports.webapp}\\b`));
    assert.match(podman(['exec', name, 'procform', 'generations']), /^\*\s+2\s/m, 'generation 2 is current');

    // A container made anew on the same volume does too, its accounts created again.
    podman(['rm', '-f', '-t', '10', name]);
    created.containers.splice(created.containers.indexOf(name), 1);
    run();
    await answers(extraPort);
    await answers(ports.proxy, 'webapp.local');
    assert.equal(podman(['exec', name, 'id', '-u', 'webapp']).trim(), '2001');

    const stopping = Date.now();
    podman(['stop', '-t', '10', name]);
    t.diagnostic(`${manager}: podman stop took ${Date.now() - stopping} ms`);
    assert.ok(Date.now() - stopping < 8000);
    assert.equal(podman(['inspect', '-f', '{{.State.ExitCode}}', name]).trim(), '0');
    assert.equal(listenerPid(ports.proxy), null);
    podman(['rm', name]);
    created.containers.splice(created.containers.indexOf(name), 1);
  });
}

/** Runs procform in the container and parses the last line it prints (its --json result). */
const procformIn = (name: string, args: readonly string[]): unknown =>
  JSON.parse(podman(['exec', name, 'procform', ...args]).trim().split('\n').at(-1)!);
