// The real stack (PostgreSQL with initdb and a migration, Redis, a Node API and worker,
// nginx) on the docker backend, through the CLI as a user runs it, with podman as the
// engine and the host's network: one container per process, on the stack image (Debian
// 12's PostgreSQL 15, Redis and nginx; scripts/test-stack-image.sh). The API answers
// through nginx; a row written through it survives a switch that changes only the
// application (PostgreSQL's and Redis's containers stay), a rollback, an engine restart
// (every container stopped, then started again as podman-restart.service does at boot),
// and an undeploy followed by a deploy; a switch that changes PostgreSQL's stateVersion is
// refused without --migrate and leaves every container as it was. As root, with user
// change: each service runs as an account the switch creates on the host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { procform } from '../helpers/cli.js';
import { ensureStackImage, podman, podmanEnv, skipWithoutPodman } from '../helpers/podman.js';
import { freePorts } from '../helpers/wait.js';
import { removeTree } from '../../src/store/write.js';
import { EXAMPLE, phases, waitForApi, type StackModel, type StackPorts, type StackSettings } from './containers.js';

const DEPLOYMENT_LABEL = 'io.procform.deployment';

/** Container id by instance, of the running containers of a deployment. */
const containers = (deployment: string): Record<string, string> => Object.fromEntries(
  podman(['ps', '--filter', `label=${DEPLOYMENT_LABEL}=${deployment}`, '--format', '{{index .Labels "io.procform.instance"}} {{.ID}}'])
    .split('\n').filter((line) => line !== '').map((line) => line.split(' ') as [string, string]),
);

const pick = (ids: Record<string, string>, instances: readonly string[]): Record<string, string | undefined> =>
  Object.fromEntries(instances.map((instance) => [instance, ids[instance]]));

const stackOnDocker = (model: StackModel): void => {
  test(`docker (podman, host network): the stack deploys, keeps its data across an application switch, a rollback, an engine restart, a refused major upgrade, and an undeploy and deploy`, { timeout: 300_000 }, async (t) => {
    if (skipWithoutPodman(t)) return;
    const phase = phases(t);
    const image = await ensureStackImage();
    phase('the stack image');
    const tag = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
    const deployment = `pfs-${tag}`;
    const accounts = `pfs${tag}`;
    const state = mkdtempSync(join(tmpdir(), 'pf-stack-docker-'));
    // The services' accounts reach their state directories below it.
    chmodSync(state, 0o755);
    const [db, cache, api, web] = await freePorts(4) as [number, number, number, number];
    const ports: StackPorts = { db, cache, api, web };
    const env = podmanEnv({ ulimits: false });
    const cli = (args: readonly string[], settings: Partial<StackSettings> = {}) => {
      const withModel = args[0] === 'switch' && !args.includes('--undeploy');
      const extra = withModel ? ['-f', model.file, '--extra-params', JSON.stringify(model.params({ ports, accounts, ...settings }))] : [];
      const run = procform([...args, '-P', 'docker', '--state-dir', state, ...extra], { env });
      return { ...run, output: `${run.stdout}${run.stderr}` };
    };
    const ok = (what: string, run: ReturnType<typeof cli>) => assert.equal(run.code, 0, `${what}: exit ${run.code}\n${run.output}`);
    t.after(() => {
      cli(['switch', '--undeploy']);
      for (const name of model.accountNames(accounts)) {
        spawnSync('userdel', [name], { stdio: 'ignore' });
        spawnSync('groupdel', [name], { stdio: 'ignore' });
      }
      removeTree(state);
    });

    ok('first deploy', cli(['switch', '-o', `image=${image}`, '-o', 'network=host', '-o', `deployment=${deployment}`]));
    await waitForApi(web, model);
    await model.write(web, "it's the first row");
    phase('first deploy and a row');
    const first = containers(deployment);
    assert.deepEqual(Object.keys(first).sort(), ['api', 'db', 'web', 'worker', ...model.data].filter((v, i, all) => all.indexOf(v) === i).sort());

    // The options are remembered: only the application's record changes.
    ok('switch to release 2', cli(['switch'], { release: 2 }));
    const second = containers(deployment);
    assert.deepEqual(pick(second, model.data), pick(first, model.data), 'PostgreSQL and the cache kept their containers');
    for (const instance of model.application) assert.notEqual(second[instance], first[instance], `${instance} was recreated`);
    await model.write(web, 'after the switch');
    phase('application switch');

    ok('rollback', cli(['rollback']));
    assert.deepEqual(pick(containers(deployment), model.data), pick(first, model.data), 'the rollback left PostgreSQL and the cache running');
    assert.deepEqual(await waitForApi(web, model), ["it's the first row", 'after the switch']);
    phase('rollback');

    // The engine goes down with every container and comes back, as at a reboot where
    // podman-restart.service starts the containers whose restart policy is always.
    const running = Object.values(containers(deployment));
    podman(['stop', '--time', '30', ...running], { timeout: 120_000 });
    const always = running.filter((id) => podman(['inspect', '--format', '{{.HostConfig.RestartPolicy.Name}}', id]).trim() === 'always');
    assert.ok(always.length >= 4, 'the long-running containers restart with the engine');
    podman(['start', ...always]);
    assert.deepEqual(await waitForApi(web, model), ["it's the first row", 'after the switch'], 'the rows survived the restart');
    const afterRestart = containers(deployment);
    ok('switch after the restart', cli(['switch']));
    assert.deepEqual(containers(deployment), afterRestart, 'the restarted containers are what the generation says: the switch kept them all');
    phase('engine restart');

    // A new PostgreSQL major is a new on-disk format: refused, and nothing changes.
    const upgrade = cli(['switch', '--no-host-checks'], { postgresqlVersion: 16 });
    assert.equal(upgrade.code, 2, `a major upgrade without --migrate is refused\n${upgrade.output}`);
    assert.match(upgrade.output, /--migrate/);
    assert.deepEqual(containers(deployment), afterRestart, 'the refused switch left every container running');
    phase('refused upgrade');

    ok('undeploy', cli(['switch', '--undeploy']));
    assert.deepEqual(containers(deployment), {});
    ok('deploy after the undeploy', cli(['switch']));
    assert.deepEqual(await waitForApi(web, model), ["it's the first row", 'after the switch'], 'the data outlived the undeploy');
    await model.write(web, 'after the undeploy');
    phase('undeploy and deploy');
  });
};

stackOnDocker(EXAMPLE);
