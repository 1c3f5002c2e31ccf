// The real stack in a mutable multi-process image (`procform image --mutable -P
// supervisord`, procform's version of nix-processmgmt's mutable multi-process container),
// on the stack image (Debian 12's PostgreSQL 15, Redis and nginx), its data on a volume
// mounted at /var. The first start deploys the model copied into the image; `procform
// switch` inside the running container changes only the application (PostgreSQL keeps its
// pid); a rollback inside; a restart of the container brings the current generation back
// with its data; a switch that changes PostgreSQL's stateVersion is refused without
// --migrate and leaves every process running; an undeploy inside and a deploy again find
// the data. The container runs as root, and procform in it creates each service's account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { listenerPid } from '../helpers/listeners.js';
import { ensureStackImage, podman, podmanEnv, skipWithoutPodman } from '../helpers/podman.js';
import { alive, freePorts, waitFor } from '../helpers/wait.js';
import { buildWithPodman } from '../image/helpers.js';
import { EXAMPLE, phases, waitForApi, type StackModel, type StackPorts, type StackSettings } from './containers.js';

/** `podman ARGS` with its exit code and both streams. */
const podmanRun = (args: readonly string[]): { code: number | null; output: string } => {
  const result = spawnSync('podman', args, { env: { ...process.env, ...podmanEnv() }, encoding: 'utf8', timeout: 180_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
};

const stackInMutableImage = (model: StackModel): void => {
  test('mutable supervisord image: the stack deploys at the first start, switches inside keeping PostgreSQL, rolls back, survives a restart and an undeploy, refuses a major upgrade', { timeout: 400_000 }, async (t) => {
    if (skipWithoutPodman(t)) return;
    const phase = phases(t);
    const base = await ensureStackImage();
    phase('the stack image');
    const suffix = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
    const tag = `localhost/pf-stack-mutable:${suffix}`;
    const name = `pf-stack-mutable-${suffix}`;
    const volume = `pf-stack-state-${suffix}`;
    t.after(() => {
      podman(['rm', '-f', '-t', '0', name], { allowFailure: true });
      podman(['volume', 'rm', '-f', volume], { allowFailure: true });
      podman(['rmi', '-f', tag], { allowFailure: true });
    });
    const built = buildWithPodman(['-f', model.file, '-P', 'supervisord', '--mutable', '--base', base, '--tag', tag, '--build', '-q']);
    assert.equal(built.code, 0, built.stderr);
    phase('the mutable image');

    const [db, cache, api, web] = await freePorts(4) as [number, number, number, number];
    const ports: StackPorts = { db, cache, api, web };
    const params = (settings: Partial<StackSettings> = {}): string => JSON.stringify(model.params({ ports, accounts: 'stack', ...settings }));
    // The ports are this run's: the image's procform takes its extra parameters from the container's environment.
    const run = (): void => { podman(['run', '-d', '--name', name, '--network', 'host', '--stop-timeout', '60', '-e', `PROCFORM_EXTRA_PARAMS=${params()}`, '-v', `${volume}:/var`, tag]); };
    const inside = (args: readonly string[]) => podman(['exec', name, 'procform', ...args], { allowFailure: true, timeout: 180_000 });
    const exec = (args: readonly string[]) => podmanRun(['exec', name, 'procform', ...args]);
    const explain = (error: unknown): never => {
      throw new Error(`${(error as Error).message}\n--- procform status\n${inside(['status'])}\n--- container log\n${podman(['logs', '--tail', '30', name], { allowFailure: true })}`, { cause: error });
    };
    const pids = () => ({ db: listenerPid(db), cache: listenerPid(cache), web: listenerPid(web), api: listenerPid(api) });

    run();
    try {
      await waitForApi(web, model, 120_000);
      await model.write(web, "it's the first row");
    } catch (error) { explain(error); }
    const first = pids();
    assert.ok(first.db !== null && first.cache !== null, 'PostgreSQL and the cache listen');
    phase('first start and a row');

    // The model in the image is switched in place: only the application restarts.
    const switched = exec(['switch', '--extra-params', params({ release: 2 })]);
    assert.equal(switched.code, 0, switched.output);
    const second = pids();
    assert.deepEqual([second.db, second.cache], [first.db, first.cache], 'PostgreSQL and the cache kept their pids');
    assert.notEqual(second.api, first.api, 'the API restarted');
    await model.write(web, 'after the switch');
    phase('application switch');

    const back = exec(['rollback']);
    assert.equal(back.code, 0, back.output);
    assert.equal(listenerPid(db), first.db, 'the rollback left PostgreSQL running');
    assert.deepEqual(await waitForApi(web, model), ["it's the first row", 'after the switch']);
    phase('rollback');

    // A restart runs the current generation again, from the volume, with its data.
    podman(['restart', '-t', '60', name], { timeout: 180_000 });
    assert.equal(alive(first.db!), false, 'PostgreSQL was stopped by the restart');
    try {
      assert.deepEqual(await waitForApi(web, model, 120_000), ["it's the first row", 'after the switch'], 'the rows survived the restart');
    } catch (error) { explain(error); }
    const restarted = await waitFor('every listener after the restart', () => {
      const now = pids();
      return Object.values(now).every((pid) => pid !== null) && now;
    }, 30_000);
    phase('container restart');

    // A new PostgreSQL major is a new on-disk format: refused, and nothing stops.
    const upgrade = exec(['switch', '--no-host-checks', '--extra-params', params({ postgresqlVersion: 16 })]);
    assert.equal(upgrade.code, 2, `a major upgrade without --migrate is refused\n${upgrade.output}`);
    assert.match(upgrade.output, /--migrate/);
    assert.deepEqual(pids(), restarted, 'the refused switch left every process running');
    phase('refused upgrade');

    const gone = exec(['switch', '--undeploy']);
    assert.equal(gone.code, 0, gone.output);
    await waitFor('every listener to be gone', () => Object.values(restarted).every((pid) => !alive(pid!)), 60_000);
    const again = exec(['switch']);
    assert.equal(again.code, 0, again.output);
    assert.deepEqual(await waitForApi(web, model), ["it's the first row", 'after the switch'], 'the data outlived the undeploy');
    await model.write(web, 'after the undeploy');
    phase('undeploy and deploy');
    assert.match(podman(['exec', name, 'procform', 'generations']), /^\*\s+\d+\s/m);
    podman(['stop', '-t', '60', name], { timeout: 120_000 });
    assert.equal(podman(['inspect', '-f', '{{.State.ExitCode}}', name]).trim(), '0', 'the container stops cleanly');
    phase('stop');
  });
};

stackInMutableImage(EXAMPLE);
