// The real stack on the Kubernetes backend. No cluster exists here, so procform's switch
// runs against a recording kubectl, and what it applies is checked strictly offline
// (kubernetes-models and the unknown-field check of test/backends/kubernetes/schema.ts) and
// played with `podman kube play` (kube-play.ts), with the host network and host paths, on
// the stack image. PostgreSQL is a StatefulSet whose data is a volume claim; the migration
// a Job. The API answers through nginx; a row written through it survives a switch that
// changes only the application (PostgreSQL keeps its container), a rollback, every pod made
// anew (as when its node is replaced), and an undeploy followed by a deploy (the claims keep
// the data); a switch that changes PostgreSQL's stateVersion is refused without --migrate,
// applies nothing and leaves every container running. With user change: each service runs
// as the uid the ids file gives its account; PostgreSQL's container starts as root for its
// initialize (initdb is handed to the account by name) and then runs as that uid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { listenerPid } from '../helpers/listeners.js';
import { ensureStackImage, skipWithoutPodman } from '../helpers/podman.js';
import { freePorts } from '../helpers/wait.js';
import { removeTree } from '../../src/store/write.js';
import { validateStrictly, type ParsedManifest } from '../backends/kubernetes/schema.js';
import { EXAMPLE, phases, waitForApi, type StackModel, type StackPorts, type StackSettings } from './containers.js';
import { kubectlCalls, kubePlayer } from './kube-play.js';

const fakeKubectl = fileURLToPath(new URL('../backends/kubernetes/fixtures/fake-kubectl.js', import.meta.url));

const uidOfPid = (pid: number): number => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

const stackOnKubernetes = (model: StackModel): void => {
  test('kubernetes (podman kube play, host network and paths): strict manifests, PostgreSQL a StatefulSet with a claim; an application switch keeps it, rollback, pods made anew, a refused major upgrade, undeploy and deploy keep the data', { timeout: 400_000 }, async (t) => {
    if (skipWithoutPodman(t)) return;
    const phase = phases(t);
    const image = await ensureStackImage();
    phase('the stack image');
    const tag = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
    const prefix = `pfk-${tag}`;
    const accounts = `pfk${tag}`;
    const state = mkdtempSync(join(tmpdir(), 'pf-stack-k8s-'));
    // The containers read the store through a host path, as their own uids.
    chmodSync(state, 0o755);
    const player = kubePlayer(state, prefix);
    t.after(() => {
      player.cleanUp();
      removeTree(state);
    });
    const [db, cache, api, web] = await freePorts(4) as [number, number, number, number];
    const ports: StackPorts = { db, cache, api, web };
    // Kubernetes runs containers by numeric id: the ids file gives every account one.
    const names = model.accountNames(accounts);
    const uids = Object.fromEntries(names.map((name, i) => [name, 41000 + (process.pid % 1000) * 8 + i]));
    const ids = join(state, 'ids.json');
    writeFileSync(ids, JSON.stringify({ ids: { uids, gids: uids } }));
    const log = join(state, 'kubectl.log');
    const env = { PROCFORM_KUBECTL: fakeKubectl, FAKE_KUBECTL_LOG: log };
    // The deployment's runtime, log and tmp directories are the image's own (they must exist there).
    const dirs = ['--state-dir', state, '--runtime-dir', '/run', '--log-dir', '/var/log', '--tmp-dir', '/tmp'];
    const cli = (args: readonly string[], settings: Partial<StackSettings> = {}) => {
      const withModel = ['switch', 'build'].includes(args[0]!) && !args.includes('--undeploy');
      const extra = withModel ? ['-f', model.file, '--ids', ids, '--extra-params', JSON.stringify(model.params({ ports, accounts, ...settings }))] : [];
      const run = procform([...args, '-P', 'kubernetes', ...(args[0] === 'switch' ? dirs : dirs.slice(0, 2)), ...extra], { env });
      return { ...run, output: `${run.stdout}${run.stderr}` };
    };
    const ok = (what: string, run: ReturnType<typeof cli>) => assert.equal(run.code, 0, `${what}: exit ${run.code}\n${run.output}`);
    /** The manifests of the last `kubectl apply`, validated strictly. */
    const applied = (): ParsedManifest[] => {
      const apply = kubectlCalls(log).filter((call) => call.argv[0] === 'apply').at(-1);
      assert.ok(apply !== undefined, 'the switch ran kubectl apply');
      return validateStrictly(apply.stdin);
    };
    const find = (docs: readonly ParsedManifest[], kind: string, name: string): ParsedManifest => {
      const doc = docs.find((d) => d.kind === kind && d.metadata.name === name);
      assert.ok(doc !== undefined, `${kind}/${name} is rendered`);
      return doc;
    };

    ok('first switch', cli(['switch', '-o', 'hostNetwork=true', '-o', 'hostPaths=true', '-o', `image=${image}`, '-o', `deployment=${prefix}`]));
    const first = applied();
    const database = find(first, 'StatefulSet', 'db');
    const claims = database.spec.volumeClaimTemplates.map((c: ParsedManifest) => c.metadata.name);
    const main = database.spec.template.spec.containers[0];
    const words: string[] = [...(main.command ?? []), ...(main.args ?? [])];
    const dataDir = words[words.indexOf('-D') + 1]!;
    const dataMount = main.volumeMounts.find((m: { mountPath: string }) => dataDir === m.mountPath || dataDir.startsWith(`${m.mountPath}/`));
    assert.ok(dataMount !== undefined && claims.includes(dataMount.name), `PostgreSQL's data directory ${dataDir} is on a volume claim of its StatefulSet`);
    assert.deepEqual(database.spec.template.spec.containers[0].securityContext, { runAsUser: 0, runAsGroup: 0 }, 'it starts as root for its initialize');
    assert.equal(find(first, 'Job', 'migrate').spec.template.spec.restartPolicy, 'OnFailure');
    for (const name of ['api', 'worker']) assert.equal(find(first, 'Deployment', name).kind, 'Deployment');
    phase('first switch');

    await player.apply(first);
    assert.deepEqual(await waitForApi(web, model), []);
    await model.write(web, "it's the first row");
    phase('first play and a row');
    const dbPid = listenerPid(db)!;
    assert.equal(uidOfPid(dbPid), uids[`${accounts}db`], 'PostgreSQL runs as its account\'s uid after its initialize');
    assert.equal(uidOfPid(listenerPid(api)!), uids[`${accounts}app`], 'the API runs as its account\'s uid');
    const before = player.containers();

    // The application changes: only its pod template changes, so only it is replaced.
    ok('switch to release 2', cli(['switch'], { release: 2 }));
    const second = applied();
    assert.deepEqual(await player.apply(second), [...model.application], 'only the application rolled');
    const after = player.containers();
    for (const name of model.data) assert.equal(after[name], before[name], `${name} kept its container`);
    assert.equal(listenerPid(db), dbPid, 'PostgreSQL kept its process');
    await model.write(web, 'after the switch');
    phase('application switch');

    ok('rollback', cli(['rollback']));
    assert.deepEqual(await player.apply(applied()), [...model.application]);
    assert.deepEqual(await waitForApi(web, model), ["it's the first row", 'after the switch']);
    assert.equal(listenerPid(db), dbPid, 'the rollback left PostgreSQL running');
    phase('rollback');

    // Every pod is made anew, as when the node they ran on is replaced.
    await player.restart(first);
    assert.notEqual(listenerPid(db), dbPid, 'PostgreSQL was restarted');
    assert.deepEqual(await waitForApi(web, model), ["it's the first row", 'after the switch'], 'the rows survived the restart');
    phase('pods made anew');

    // A new PostgreSQL major is a new on-disk format: refused before kubectl applies anything.
    const calls = kubectlCalls(log).length;
    const running = player.containers();
    const upgrade = cli(['switch', '--no-host-checks'], { postgresqlVersion: 16 });
    assert.equal(upgrade.code, 2, `a major upgrade without --migrate is refused\n${upgrade.output}`);
    assert.match(upgrade.output, /--migrate/);
    assert.equal(kubectlCalls(log).slice(calls).filter((call) => call.argv[0] !== 'get').length, 0, 'kubectl changed nothing');
    assert.deepEqual(player.containers(), running);
    phase('refused upgrade');

    ok('undeploy', cli(['switch', '--undeploy']));
    assert.ok(kubectlCalls(log).some((call) => call.argv[0] === 'delete' && call.argv.some((word) => word.includes('statefulsets.apps'))), 'the undeploy deletes the workloads');
    player.deleteAll();
    assert.equal(listenerPid(db), null, 'PostgreSQL is gone');
    ok('deploy after the undeploy', cli(['switch']));
    await player.apply(applied());
    assert.deepEqual(await waitForApi(web, model), ["it's the first row", 'after the switch'], 'the claims kept the data');
    await model.write(web, 'after the undeploy');
    phase('undeploy and deploy');
  });
};

stackOnKubernetes(EXAMPLE);
