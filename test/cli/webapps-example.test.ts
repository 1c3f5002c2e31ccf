// The example system on the embedded supervisor, as the original's acceptance tests ran
// it: the proxy routes by Host header, the advanced model with six webapps behind two
// proxies, an idempotent switch, rollback and undeploy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { alive, get } from '../helpers/wait.js';
import { removeTree } from '../../src/store/write.js';

const examples = fileURLToPath(new URL('../../examples/webapps/', import.meta.url));

test('webapps example: switch, advanced, idempotent switch, rollback, undeploy', async (t) => {
  const state = mkdtempSync(join(tmpdir(), 'pf-webapps-'));
  const dirs = ['--state-dir', state, '--force-disable-user-change'];
  t.after(() => {
    procform(['down', '--state-dir', state]);
    removeTree(state);
  });
  const pids = (): Record<string, number | null> => Object.fromEntries(
    (JSON.parse(procform(['status', '--json', '--state-dir', state]).stdout) as { processes: { instance: string; pid: number | null }[] }).processes.map((p) => [p.instance, p.pid]));

  const simple = procform(['switch', '-q', '-f', join(examples, 'processes.ts'), ...dirs]);
  assert.equal(simple.code, 0, simple.stderr);
  assert.match((await get(8080, 'webapp.local')).body, /Simple test webapp listening on port: 5000/);

  const advancedArgs = ['switch', '-q', '-f', join(examples, 'processes-advanced.ts'), '--ids', join(examples, 'ids-advanced.json'), ...dirs];
  const advanced = procform(advancedArgs);
  assert.equal(advanced.code, 0, advanced.stderr);
  assert.match((await get(8080, 'webapp1.local')).body, /listening on port: 5001/);
  assert.match((await get(8081, 'webapp5.local')).body, /listening on port: 5005/);
  assert.equal((await get(8080, 'webapp5.local')).status, 404, 'nginx serves webapp1-4 only');
  const running = pids();
  assert.equal(Object.keys(running).length, 8);

  assert.equal(procform(advancedArgs).code, 0);
  assert.deepEqual(pids(), running, 'switching to the same generation keeps every pid');

  const rollback = procform(['rollback', '-q', '--state-dir', state]);
  assert.equal(rollback.code, 0, rollback.stderr);
  assert.match((await get(8080, 'webapp.local')).body, /listening on port: 5000/);
  for (const name of ['webapp1', 'webapp6', 'nginx2']) assert.ok(!alive(running[name]!), `${name} is stopped after the rollback`);

  assert.equal(procform(['switch', '--undeploy', '-q', '--state-dir', state]).code, 0);
  await assert.rejects(get(8080, 'webapp.local'), 'nothing listens after undeploy');
});
