// Immutable images of the webapps example for each manager, built and run with podman:
// the proxy answers through the host network, and `podman stop` stops every process in
// reverse dependency order (the proxy before the webapp) well within the timeout.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGE_MANAGERS, type ImageManager } from '../../src/image/types.js';
import { listenerPid } from '../helpers/listeners.js';
import { ensureImageBase, podman, podmanEnv, skipWithoutPodman } from '../helpers/podman.js';
import { alive, freePorts, get, waitFor } from '../helpers/wait.js';
import { buildWithPodman, webappsCopy, type WebappsPorts } from './helpers.js';

let ports: WebappsPorts;
let copy: { dir: string; model: string };
const suffix = `${process.pid}-${Date.now().toString(36)}`;
const created: { containers: string[]; images: string[] } = { containers: [], images: [] };

before(async () => {
  const [webapp, proxy] = await freePorts(2);
  ports = { webapp: webapp!, proxy: proxy! };
  copy = webappsCopy(ports);
});

after(() => {
  for (const name of created.containers) podman(['rm', '-f', '-t', '0', name], { allowFailure: true });
  for (const image of created.images) podman(['rmi', '-f', image], { allowFailure: true });
  rmSync(copy.dir, { recursive: true, force: true });
});

/** Everything the container wrote (each manager writes its stop lines to one stream). */
const containerLogs = (name: string): string => {
  const result = spawnSync('podman', ['logs', name], { env: { ...process.env, ...podmanEnv() }, encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`;
};

/** The line each manager logs once a process has stopped. */
const STOPPED: Record<ImageManager, (instance: string) => RegExp> = {
  embedded: (instance) => new RegExp(`• ${instance} stopped`),
  supervisord: (instance) => new RegExp(`stopped: ${instance} \\(`),
  s6: (instance) => new RegExp(`procform: stopped ${instance}$`, 'm'),
  sysvinit: (instance) => new RegExp(`^Stopped ${instance}$`, 'm'),
};

for (const manager of IMAGE_MANAGERS) {
  test(`${manager} image: the proxy answers, and podman stop ends every process in reverse order, exit 0`, { timeout: 180_000 }, async (t) => {
    if (skipWithoutPodman(t)) return;
    const base = await ensureImageBase();
    const tag = `localhost/pf-image-${manager}:${suffix}`;
    const name = `pf-image-${manager}-${suffix}`;
    const started = Date.now();
    const built = buildWithPodman(['-f', copy.model, '-P', manager, '--base', base, '-o', join(copy.dir, `context-${manager}`), '--tag', tag, '--build', '--json']);
    created.images.push(tag);
    assert.equal(built.code, 0, built.stderr);
    assert.equal((JSON.parse(built.stdout) as { built: boolean }).built, true);
    t.diagnostic(`${manager}: context written and image built in ${Date.now() - started} ms`);

    created.containers.push(name);
    podman(['run', '-d', '--name', name, '--network', 'host', tag]);
    const answer = await waitFor('the proxy to answer', async () => {
      const response = await get(ports.proxy, 'webapp.local');
      return response.body.includes(`listening on port: ${ports.webapp}`) ? response : undefined;
    }, 30_000);
    assert.equal(answer.status, 200);
    const pids = [listenerPid(ports.webapp), listenerPid(ports.proxy)];
    assert.ok(pids.every((pid) => pid !== null && alive(pid)), `both listeners run: ${pids.join(', ')}`);
    // The processes run as the users the image created, with the ids of the ids file.
    const users = podman(['exec', name, 'ps', '-eo', 'user=,args=']);
    assert.match(users, /^webapp\s+\S*node \S+\/webapp\.js/m);
    assert.match(users, /^nginx\s+node \S+\/proxy\.js/m);
    assert.equal(podman(['exec', name, 'id', '-u', 'webapp']).trim(), '2001');
    // An orphan (its parent exits first) is adopted and reaped by tini: no zombie remains.
    podman(['exec', name, 'sh', '-c', 'sh -c "sleep 0.3 &"']);
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.doesNotMatch(podman(['exec', name, 'ps', '-eo', 'stat=,args=']), /^Z/m, 'no zombie process');

    const stopping = Date.now();
    podman(['stop', '-t', '10', name]);
    const took = Date.now() - stopping;
    t.diagnostic(`${manager}: podman stop took ${took} ms`);
    assert.ok(took < 8000, `stopped within the timeout (${took} ms)`);
    assert.equal(podman(['inspect', '-f', '{{.State.ExitCode}}', name]).trim(), '0', 'the main process exits 0 after SIGTERM');
    for (const pid of pids) assert.equal(alive(pid!), false, `process ${pid} is gone`);
    assert.equal(listenerPid(ports.proxy), null);
    assert.equal(listenerPid(ports.webapp), null);
    const logs = containerLogs(name);
    const proxyStopped = logs.search(STOPPED[manager]('nginx'));
    const webappStopped = logs.search(STOPPED[manager]('webapp'));
    assert.ok(proxyStopped >= 0 && webappStopped > proxyStopped, `the proxy stops before the webapp it depends on:\n${logs}`);
    podman(['rm', name]);
    created.containers.splice(created.containers.indexOf(name), 1);
  });
}
