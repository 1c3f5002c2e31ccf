// The docker backend on a real engine (podman): a bridge network where the proxy reaches
// its webapp by name and the host reaches the proxy through a published port; the
// process settings docker cannot express natively (umask, nice, initialize, state dirs,
// a forking daemon, a oneshot, exec and log readiness); a failed switch rolled back; a
// script, its inputs and its working directory from the host, in a stock image.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { docker } from '../../../src/backends/docker/index.js';
import { planSwitch, activationGeneration } from '../../../src/deploy/switch-backend.js';
import { deployment } from '../../conformance/acceptance.js';
import { BASE_IMAGE, ensureBaseImage, podman, podmanEnv, skipWithoutPodman } from '../../helpers/podman.js';
import { freePorts, get, waitFor } from '../../helpers/wait.js';
import { writeNodeApp } from './node-app.js';

Object.assign(process.env, podmanEnv({ ulimits: false }));

const examples = fileURLToPath(new URL('../../../examples/webapps/', import.meta.url));
const features = fileURLToPath(new URL('./fixtures/features.ts', import.meta.url));
const nodeApp = fileURLToPath(new URL('./fixtures/node-app.ts', import.meta.url));
const accounts = fileURLToPath(new URL('./fixtures/accounts.ts', import.meta.url));
const usable = process.getuid?.() === 0 && ['podman', 'runc', 'debootstrap'].every((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0);
const suffix = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

/** Names of the containers of a deployment, sorted. */
const containersOf = (deployment: string): string[] =>
  podman(['ps', '-a', '--filter', `label=io.procform.deployment=${deployment}`, '--format', '{{.Names}}']).split('\n').filter((l) => l !== '').sort();

const inspect = (name: string, format: string): string => podman(['inspect', '--format', format, name]).trim();

describe('docker backend through podman', { skip: !usable && process.env.CI !== 'true' ? 'needs root, podman, runc and debootstrap' : false }, () => {
  before(async () => { await ensureBaseImage(); });

  test('bridge network: the proxy reaches the webapp by name, the host reaches the proxy by its published port', { timeout: 120_000 }, async (t) => {
    if (skipWithoutPodman(t)) return;
    const name = `pfb-${suffix}`;
    const [webappPort, proxyPort] = await freePorts(2) as [number, number];
    const ids = { webappPorts: { webapp: webappPort }, nginxPorts: { nginx: proxyPort } };
    const d = deployment(t, docker, false, ids, { image: BASE_IMAGE, network: 'bridge', deployment: name });
    const simple = await d.build(join(examples, 'processes.ts'));
    assert.deepEqual((await d.switchTo(simple)).failed, []);
    assert.deepEqual(containersOf(name), [`${name}-nginx`, `${name}-webapp`]);
    assert.equal(inspect(`${name}-nginx`, '{{range $net, $_ := .NetworkSettings.Networks}}{{$net}} {{end}}'), name);
    assert.match(inspect(`${name}-nginx`, '{{json .Config.Cmd}}'), new RegExp(`webapp.local=webapp:${webappPort}`), 'the route names the webapp container');
    assert.match((await get(proxyPort, 'webapp.local')).body, new RegExp(`listening on port: ${webappPort}`));

    // The webapp in daemon mode runs under the foreground proxy; both restart, the route still works.
    const before = inspect(`${name}-nginx`, '{{.Id}}');
    const daemon = await d.build(join(examples, 'processes.ts'), { webappMode: 'daemon' });
    assert.deepEqual((await d.switchTo(daemon)).failed, []);
    assert.notEqual(inspect(`${name}-nginx`, '{{.Id}}'), before, 'the proxy restarted with its webapp');
    assert.match((await get(proxyPort, 'webapp.local')).body, new RegExp(`listening on port: ${webappPort}`));
    assert.ok(existsSync(join(d.state, 'tmp/webapp.pid')), 'the daemon wrote its pid file into the mounted state dir');

    assert.deepEqual((await d.switchTo(null)).failed, []);
    assert.deepEqual(containersOf(name), []);
    assert.equal(spawnSync('podman', ['network', 'exists', name], { env: { ...process.env } }).status, 1, 'the network is gone');
    await assert.rejects(get(proxyPort, 'webapp.local'));
  });

  test('process settings, readiness kinds, daemon and oneshot; a failed switch rolls back', { timeout: 150_000 }, async (t) => {
    if (skipWithoutPodman(t)) return;
    const name = `pff-${suffix}`;
    const [port, port2] = await freePorts(2) as [number, number];
    const d = deployment(t, docker, false, {}, { image: BASE_IMAGE, network: 'host', deployment: name });
    const dir = join(d.state, 'f');
    const extra = { dir, port, port2 };
    const good = await d.build(features, extra);
    assert.deepEqual((await d.switchTo(good)).failed, []);

    const facts = JSON.parse(readFileSync(join(dir, 'facts.json'), 'utf8')) as { cwd: string; umask: string; nice: number; env: Record<string, string>; argv: string[]; uid: number };
    assert.deepEqual([facts.cwd, facts.umask, facts.nice, facts.env.ONLY, facts.argv], [dir, '0027', 5, 'this', [join(dir, 'facts.json')]]);
    assert.equal(facts.env.PATH, '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', "the image's PATH");
    assert.equal(readFileSync(join(dir, 'initialized'), 'utf8'), 'initialized\n');
    assert.equal(statSync(join(dir, 'state/a')).mode & 0o7777, 0o700);
    assert.match(readFileSync(join(dir, 'daemon.pid'), 'utf8'), /^\d+\n$/);
    assert.equal(inspect(`${name}-daemon`, '{{.State.Status}}'), 'running', 'the proxy keeps the daemon container up');
    assert.equal(inspect(`${name}-once`, '{{.State.Status}} {{.State.ExitCode}}'), 'exited 0');
    assert.equal(inspect(`${name}-http`, '{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}'), 'on-failure:3');
    assert.equal((await get(port2)).status, 200);

    // The same generation again: every container, the finished oneshot too, counts as running.
    const generation = activationGeneration(good.generation.path, 'docker');
    const again = await planSwitch(docker.activator!, generation, generation);
    assert.deepEqual([again.stop, again.start, again.keep], [[], [], ['checked', 'daemon', 'facts', 'http', 'logged', 'once']]);

    const ids = Object.fromEntries(containersOf(name).map((c) => [c, inspect(c, '{{.Id}}')]));
    const outcome = await d.switchTo(await d.build(features, { ...extra, broken: true }));
    assert.equal(outcome.failed.length, 1);
    assert.equal(outcome.rolledBack, true);
    // The way back removed the container; its output was kept where the reason says.
    const reason = outcome.failed[0]!.reason;
    const kept = join(d.state, 'log/procform/docker', `${name}-broken.failed.log`);
    assert.match(reason, /exited with code 1 before it was ready; its output is in /);
    assert.ok(reason.includes(`its output is in ${kept}; last lines: `), reason);
    assert.match(reason, /"exiting with 1"/);
    assert.ok(!containersOf(name).includes(`${name}-broken`));
    const output = readFileSync(kept, 'utf8');
    assert.match(output, /^exiting with 1$/m, 'stdout');
    assert.match(output, /^stderr before exit 1$/m, 'stderr');
    assert.match(output, /^# procform: output of container .*-broken \(instance broken of deployment /);
    assert.equal(statSync(kept).mode & 0o777, 0o640);
    assert.equal(statSync(join(d.state, 'log/procform/docker')).mode & 0o777, 0o750);
    assert.deepEqual(Object.fromEntries(containersOf(name).map((c) => [c, inspect(c, '{{.Id}}')])), ids, 'the previous containers were not touched');
    await waitFor('the http process to answer', async () => (await get(port2)).status === 200);
  });

  test('a process with a user: initialize runs as root and reaches the account by name, the process runs as the account with its host ids', { timeout: 120_000 }, async (t) => {
    if (skipWithoutPodman(t)) return;
    const name = `pfu-${suffix}`;
    const user = `pfu${suffix}`.slice(0, 30);
    t.after(() => {
      spawnSync('userdel', [user], { stdio: 'ignore' });
      spawnSync('groupdel', [user], { stdio: 'ignore' });
    });
    const d = deployment(t, docker, true, {}, { image: BASE_IMAGE, network: 'host', deployment: name });
    assert.deepEqual((await d.switchTo(await d.build(accounts, { user }))).failed, []);
    const dir = join(d.state, 'lib/accounts');
    const entry = spawnSync('getent', ['passwd', user], { encoding: 'utf8' }).stdout.trim().split(':');
    const [uid, gid, home] = [Number(entry[2]), Number(entry[3]), entry[5]];
    assert.equal(readFileSync(join(dir, 'initialize-uid'), 'utf8'), '0\n', 'initialize ran as root');
    assert.deepEqual([statSync(join(dir, 'by-name')).uid, statSync(join(dir, 'by-name')).gid], [uid, gid], 'runuser -u NAME found the account in the container');
    assert.match(readFileSync(join(dir, 'process-id'), 'utf8'), new RegExp(`^uid=${uid}\\(${user}\\) gid=${gid}\\(${user}\\) groups=${gid}\\(${user}\\)$`, 'm'));
    assert.equal(readFileSync(join(dir, 'process-home'), 'utf8'), `${home}\n`, "HOME is the account's");
    assert.equal(readFileSync(join(dir, 'looked-up'), 'utf8').trim(), entry.join(':').replace(/^([^:]*):[^:]*:/, '$1:x:'), "a program running as root sees the host's entry");
    const env = inspect(`${name}-owned`, '{{json .Config.Env}}');
    assert.match(env, /PROCFORM_RUN_AS=/, 'the ids reach the wrapper in its environment');
    assert.doesNotMatch(readFileSync(join(dir, 'process-env'), 'utf8'), /PROCFORM_/, 'the wrapper removes them before the process starts');
    // The deployment's directories exist on the host, as on a machine: a process may log there.
    assert.ok(statSync(join(d.state, 'log')).isDirectory());
    assert.equal(statSync(join(d.state, 'tmp')).mode & 0o7777, 0o1777);
  });

  test('node /path/app/server.js: the script, its declared inputs and working directory reach the container', { timeout: 120_000 }, async (t) => {
    if (skipWithoutPodman(t)) return;
    const name = `pfn-${suffix}`;
    const [port] = await freePorts(1) as [number];
    const dir = writeNodeApp(t);
    const d = deployment(t, docker, false, {}, { image: BASE_IMAGE, network: 'host', deployment: name });
    assert.deepEqual((await d.switchTo(await d.build(nodeApp, { dir, port }))).failed, []);
    assert.equal((await get(port)).body, `hello from the host in ${dir}/work\n`);
    assert.equal(inspect(`${name}-app`, `{{range .Mounts}}{{if eq .Destination "${dir}/shared"}}{{.RW}}{{end}}{{end}}`), 'false', 'mounted read-only');
  });
});
