// The deployment the s6 and s6-rc feature tests share: fixtures/features.ts built into a
// fresh state dir, the backend's manager started for it, and everything undeployed and
// stopped afterwards; plus the checks of the process environment both make.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ActivationGeneration } from '../../../src/deploy/activator.js';
import type { Backend } from '../../../src/deploy/backend.js';
import { computeBuild, writeBuild } from '../../../src/build/build.js';
import { realizeWithPostInstall } from '../../../src/build/realize.js';
import { activationGeneration, switchBackend } from '../../../src/deploy/switch-backend.js';
import { loadDefinition } from '../../../src/model/load.js';
import { removeTree } from '../../../src/store/write.js';
import { deploymentParams } from '../../conformance/acceptance.js';
import { freePorts, waitFor } from '../../helpers/wait.js';

const model = fileURLToPath(new URL('./fixtures/features.ts', import.meta.url));

/** The feature model deployed with `backend` under a fresh state dir; the manager is running. */
export const featuresDeployment = async (t: TestContext, backend: Backend, { chmod = false }: { chmod?: boolean } = {}) => {
  const state = mkdtempSync(join(tmpdir(), `pf-${backend.name}-features-`));
  if (chmod) chmodSync(state, 0o755);
  const params = deploymentParams(state, false, backend.name);
  const work = join(state, 'work');
  mkdirSync(work);
  const [port, port2] = await freePorts(2);
  const build = async (extra: Record<string, unknown>): Promise<ActivationGeneration> => {
    const result = computeBuild({ definition: await loadDefinition(model), params: { ...params, extraParams: { dir: work, port, port2, ...extra } }, backend, sourceFile: model, realize: realizeWithPostInstall });
    writeBuild(result);
    return activationGeneration(result.generation.path, backend.name);
  };
  /** What runs now, undeployed after the test. */
  const deployed: { current: ActivationGeneration | null } = { current: null };
  t.after(async () => {
    try {
      if (deployed.current) await switchBackend(backend.activator!, deployed.current, null);
    } finally {
      await backend.manager!.stop(params);
      removeTree(state);
    }
  });
  await backend.manager!.start(params);
  assert.ok(await backend.manager!.isRunning(params));
  return { state, params, work, port: port!, port2: port2!, build, deployed };
};

/** The `facts` process's environment, directory, umask, nice, state dirs and initialize, as the model declares them. */
export const assertProcessFacts = async (work: string): Promise<void> => {
  await waitFor('facts', () => existsSync(join(work, 'facts.json')));
  const facts = JSON.parse(readFileSync(join(work, 'facts.json'), 'utf8')) as { cwd: string; umask: string; nice: number; env: Record<string, string> };
  assert.equal(facts.cwd, work);
  assert.equal(facts.umask, '0027');
  assert.equal(facts.nice, 5);
  assert.deepEqual(facts.env, { ONLY: 'this' });
  assert.equal(statSync(join(work, 'state/a')).mode & 0o777, 0o700);
  assert.equal(readFileSync(join(work, 'initialized'), 'utf8'), 'initialized\n');
};
