import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readGeneration } from '../generation/read.js';
import { planUnits } from './plan-units.js';

const fixture = fileURLToPath(new URL('../../test/fixtures/deploy/generation-webapps', import.meta.url));

describe('planUnits', () => {
  it('keeps instance, entry and dependencies in start order', () => {
    assert.deepEqual(planUnits(readGeneration(fixture)), [
      { instance: 'webapp', entry: '/srv/pf/store/rdsk8ws5gr3brs1g1yhpaxnw32ricjhs-webapp', dependencies: [] },
      { instance: 'nginx', entry: '/srv/pf/store/43k76xrw1wjspg390zb32h3qcbm79dcc-nginx', dependencies: ['webapp'] },
    ]);
  });
});
