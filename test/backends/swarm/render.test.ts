// The swarm backend without an engine: the stack file on the overlay network, a placement
// override, and the docker commands `switch --dry-run` prints for a plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { swarm } from '../../../src/backends/swarm/index.js';
import { computeBuild, writeBuild } from '../../../src/build/build.js';
import { activationGeneration } from '../../../src/deploy/switch-backend.js';
import { loadDefinition } from '../../../src/model/load.js';
import type { StoreEntry } from '../../../src/store/entry.js';
import { harness } from '../../conformance/render/harness.js';
import { testParams } from '../../helpers/params.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const trio = join(root, 'test/fixtures/models/trio.ts');

const build = async (stateDir: string, options: Record<string, string>, extraParams: Record<string, unknown> = {}) =>
  computeBuild({
    definition: await loadDefinition(trio), backend: swarm, sourceFile: trio,
    params: { ...testParams(stateDir, { processManager: 'swarm', extraParams }), backendOptions: { image: 'registry.example/app:1', ...options } },
  });

interface StackFile { services: Record<string, Record<string, unknown> & { deploy: Record<string, unknown> }>; networks: Record<string, unknown> }
const stackFile = (entry: StoreEntry): StackFile => {
  const node = entry.files.find((f) => f.path === 'compose.yaml');
  assert.ok(node?.kind === 'file');
  return parseDocument(node.content, { version: '1.1' }).toJS() as StackFile;
};

test('swarm: the overlay network gives dnsrr services by name, an override places them', async () => {
  const result = await build('/srv/pf', { network: 'overlay', stack: 'shop' });
  const first = stackFile(result.processEntries.get('first')!);
  assert.deepEqual(first.networks, { default: { driver: 'overlay' } });
  assert.deepEqual(first.services.first!.networks, { default: {} });
  assert.equal(first.services.first!.deploy.endpoint_mode, 'dnsrr');
  assert.deepEqual(first.services.first!.deploy.placement, { constraints: ['node.role==manager'], preferences: [] });
  // The exec readiness is Swarm's health check too.
  assert.deepEqual((first.services.first!.healthcheck as { test: string[] }).test, ['CMD', '/bin/true']);
  const last = stackFile(result.processEntries.get('last')!);
  assert.equal(last.services.last!.deploy.placement, undefined);
  assert.equal(swarm.serviceHost!('last', { network: 'overlay' }), 'last');
  assert.equal(swarm.serviceHost!('last', { network: 'host' }), 'localhost');
});

test('swarm: --dry-run prints the docker commands of the plan', async (t) => {
  const h = harness();
  t.after(h.dispose);
  const state = join(h.dir, 'state');
  const one = await build(state, { stack: 'shop' });
  const two = await build(state, { stack: 'shop' }, { label: 'two' });
  writeBuild(one);
  writeBuild(two);
  const previous = activationGeneration(one.generation.path, 'swarm');
  const next = activationGeneration(two.generation.path, 'swarm');
  const middle = two.processEntries.get('middle')!.path;
  const changed = swarm.activator!.describe!({ stop: ['middle'], start: ['middle'], reasons: { middle: 'changed' } } as never, previous, next);
  assert.deepEqual(changed, [`docker stack deploy --resolve-image=never --compose-file ${middle}/compose.yaml shop`]);
  const restarted = swarm.activator!.describe!({ stop: ['last'], start: ['last'], reasons: { last: 'dependency-restarted' } } as never, previous, next);
  assert.deepEqual(restarted, ['docker service update --force --detach -- shop_last']);
  const undeploy = swarm.activator!.describe!({ stop: ['last', 'middle', 'first'], start: [], reasons: {} } as never, next, null);
  assert.deepEqual(undeploy, ['docker service rm -- shop_last', 'docker service rm -- shop_middle', 'docker service rm -- shop_first']);
});
