// `procform switch -P docker` and `procform compose` as a user runs them (the built CLI,
// podman as the engine): a dry run that creates nothing, a deployment, the compose export
// of the same records, a rollback, and an undeploy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { removeTree } from '../../../src/store/write.js';
import { lastLine, procform } from '../../helpers/cli.js';
import { BASE_IMAGE, ensureBaseImage, podman, podmanEnv, skipWithoutPodman } from '../../helpers/podman.js';
import { freePorts, get } from '../../helpers/wait.js';

const model = fileURLToPath(new URL('../../../examples/webapps/processes.ts', import.meta.url));
const failing = fileURLToPath(new URL('./fixtures/failing.ts', import.meta.url));
const usable = process.getuid?.() === 0 && ['podman', 'runc', 'debootstrap'].every((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0);

const containersOf = (deployment: string): string[] =>
  podman(['ps', '-a', '--filter', `label=io.procform.deployment=${deployment}`, '--format', '{{.Names}}']).split('\n').filter((l) => l !== '').sort();

test('compose --help documents the command', () => {
  const help = procform(['compose', '--help']);
  assert.equal(help.code, 0);
  for (const flag of ['--output <file>', '--backend-option <key=value>', '--file <path>', '--json']) assert.ok(help.stdout.includes(flag), flag);
});

test('a failed switch -P docker names the file that keeps the removed container\'s output', { timeout: 120_000, skip: !usable && process.env.CI !== 'true' ? 'needs root, podman, runc and debootstrap' : false }, async (t) => {
  if (skipWithoutPodman(t)) return;
  await ensureBaseImage();
  const state = mkdtempSync(join(tmpdir(), 'pf-docker-fail-'));
  chmodSync(state, 0o755);
  t.after(() => removeTree(state));
  const deployment = `pfx-${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
  const failed = procform(['switch', '-P', 'docker', '-f', failing, '--state-dir', state, '--force-disable-user-change', '-o', `image=${BASE_IMAGE}`, '-o', 'network=host', '-o', `deployment=${deployment}`], { env: podmanEnv({ ulimits: false }) });
  assert.equal(failed.code, 2, failed.stderr);
  const kept = join(state, 'log/procform/docker', `${deployment}-failing.failed.log`);
  const keptPattern = kept.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // The progress line and the error both point to the file, and quote its end.
  assert.match(failed.stderr, new RegExp(`failing did not come up: the container exited with code 1 before it was ready; its output is in ${keptPattern}; last lines: .*"exiting with 1"`));
  assert.match(failed.stderr, new RegExp(`error: the new generation did not come up on docker \\(failing: .*its output is in ${keptPattern}`));
  assert.deepEqual(containersOf(deployment), [], 'the failed container was removed');
  const output = readFileSync(kept, 'utf8');
  assert.match(output, /^exiting with 1$/m);
  assert.match(output, /^stderr before exit 1$/m);
});

test('procform switch -P docker: dry run, deploy, compose export, rollback, undeploy', { timeout: 120_000, skip: !usable && process.env.CI !== 'true' ? 'needs root, podman, runc and debootstrap' : false }, async (t) => {
  if (skipWithoutPodman(t)) return;
  await ensureBaseImage();
  const env = podmanEnv({ ulimits: false });
  const state = mkdtempSync(join(tmpdir(), 'pf-docker-cli-'));
  chmodSync(state, 0o755);
  const deployment = `pfc-${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
  const [webappPort, proxyPort] = await freePorts(2) as [number, number];
  const ids = join(state, 'ids.json');
  writeFileSync(ids, JSON.stringify({ ids: { webappPorts: { webapp: webappPort }, nginxPorts: { nginx: proxyPort } } }));
  const plain = ['-f', model, '--ids', ids, '--state-dir', state, '--force-disable-user-change'];
  const common = [...plain, '-o', `image=${BASE_IMAGE}`, '-o', 'network=host', '-o', `deployment=${deployment}`];
  t.after(() => {
    procform(['switch', '-P', 'docker', '--undeploy', '-q', '--state-dir', state], { env });
    removeTree(state);
  });

  const dry = procform(['switch', '-P', 'docker', '--dry-run', ...common], { env });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^start\s+webapp\s+\(added\)\nstart\s+nginx\s+\(added\)$/m);
  assert.deepEqual(containersOf(deployment), [], 'a dry run creates nothing');

  const deployed = procform(['switch', '-P', 'docker', '-q', ...common], { env });
  assert.equal(deployed.code, 0, deployed.stderr);
  assert.deepEqual(containersOf(deployment), [`${deployment}-nginx`, `${deployment}-webapp`]);
  assert.match((await get(proxyPort, 'webapp.local')).body, new RegExp(`listening on port: ${webappPort}`));

  // The options are remembered: without -o, the plan keeps every container, and says why.
  const ids0 = containersOf(deployment).map((c) => podman(['inspect', '--format', '{{.Id}}', c]).trim());
  const remembered = `using deployment=${deployment} image=${BASE_IMAGE} network=host from generation 1; -o KEY=VALUE changes it`;
  const again = procform(['switch', '-P', 'docker', '--dry-run', ...plain], { env });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /^keep\s+nginx\s+\(unchanged\)\nkeep\s+webapp\s+\(unchanged\)$/m);
  assert.ok(again.stderr.includes(remembered), again.stderr);
  const kept = procform(['switch', '-P', 'docker', ...plain], { env });
  assert.equal(kept.code, 0, kept.stderr);
  assert.ok(kept.stderr.includes(remembered), kept.stderr);
  assert.match(kept.stderr, /stopped 0, started 0, kept 2/);
  assert.deepEqual(containersOf(deployment).map((c) => podman(['inspect', '--format', '{{.Id}}', c]).trim()), ids0, 'the same containers run');

  // A dry run says what changed in each container's record.
  const otherImage = procform(['switch', '-P', 'docker', '--dry-run', ...plain, '-o', 'image=localhost/procform-other:1'], { env });
  assert.equal(otherImage.code, 0, otherImage.stderr);
  assert.match(otherImage.stdout, /^stop\s+nginx\s+\(changed: image\)\nstop\s+webapp\s+\(changed: image\)\nstart\s+webapp\s+\(changed: image\)\nstart\s+nginx\s+\(changed: image\)$/m);
  const otherJson = procform(['switch', '-P', 'docker', '--dry-run', '--json', ...plain, '-o', 'image=localhost/procform-other:1', '-o', 'network=bridge'], { env });
  assert.equal(otherJson.code, 0, otherJson.stderr);
  const planned = JSON.parse(otherJson.stdout) as { start: string[]; reasons: Record<string, string>; changes: Record<string, { changed: string[]; keys: string[] }> };
  assert.deepEqual([planned.start, planned.reasons.webapp], [['webapp', 'nginx'], 'changed'], 'the plan keeps its fields');
  assert.deepEqual(planned.changes.webapp!.changed, ['container.json']);
  for (const key of ['image', 'network', 'aliases', 'ports']) assert.ok(planned.changes.webapp!.keys.includes(key), `${key} in ${planned.changes.webapp!.keys.join(', ')}`);
  assert.ok(!planned.changes.webapp!.keys.some((k) => k.includes('io.procform.entry')), 'the entry\'s own path is no change');
  assert.deepEqual(containersOf(deployment).map((c) => podman(['inspect', '--format', '{{.Id}}', c]).trim()), ids0, 'dry runs change nothing');

  // compose follows the same rule: the document describes the running entries without -o.
  const entryOf = (name: string): string => podman(['inspect', '--format', '{{index .Config.Labels "io.procform.entry"}}', name]).trim();
  const file = join(state, 'compose.yaml');
  const exported = procform(['compose', '-q', ...plain, '--output', file], { env });
  assert.equal(exported.code, 0, exported.stderr);
  assert.equal(lastLine(exported.stdout), file);
  const compose = YAML.parse(readFileSync(file, 'utf8')) as { name: string; services: Record<string, { container_name: string; network_mode: string; labels: Record<string, string> }> };
  assert.equal(compose.name, deployment);
  for (const instance of ['webapp', 'nginx']) {
    const service = compose.services[instance]!;
    assert.equal(service.container_name, `${deployment}-${instance}`);
    assert.equal(service.network_mode, 'host');
    assert.equal(service.labels['io.procform.entry'], entryOf(service.container_name), 'compose describes the very entry that runs');
  }

  // A changed model, then `rollback -P docker` back to the first generation's very containers' records.
  const first = entryOf(`${deployment}-webapp`);
  const daemon = procform(['switch', '-P', 'docker', '-q', ...common, '--extra-params', '{"webappMode":"daemon"}'], { env });
  assert.equal(daemon.code, 0, daemon.stderr);
  assert.notEqual(entryOf(`${deployment}-webapp`), first);
  const rollback = procform(['rollback', '-P', 'docker', '-q', '--state-dir', state], { env });
  assert.equal(rollback.code, 0, rollback.stderr);
  assert.equal(entryOf(`${deployment}-webapp`), first);
  assert.match((await get(proxyPort, 'webapp.local')).body, new RegExp(`listening on port: ${webappPort}`));

  // The generation being left says which containers are the deployment's: no -o needed.
  const undeployed = procform(['switch', '-P', 'docker', '--undeploy', '-q', '--state-dir', state], { env });
  assert.equal(undeployed.code, 0, undeployed.stderr);
  assert.deepEqual(containersOf(deployment), []);
  await assert.rejects(get(proxyPort, 'webapp.local'));
});
