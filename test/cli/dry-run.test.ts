// A dry run makes every check the switch would make and writes nothing: not the store,
// not a profile, not an account. What the real run refuses, the dry run refuses too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { removeTree } from '../../src/store/write.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/models/${name}.ts`, import.meta.url));

/** Every path below `dir`, to compare before and after. */
const tree = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).sort() : []);

for (const backend of ['embedded', 'sysvinit']) {
  test(`${backend}: a dry run writes nothing and refuses what the switch refuses`, { timeout: 60_000 }, async (t) => {
    const state = mkdtempSync(join(tmpdir(), 'pf-dry-'));
    const base = ['--state-dir', state, '--force-disable-user-change', '-P', backend];
    t.after(() => {
      procform(['switch', '--undeploy', ...base]);
      procform(['down', '--state-dir', state]);
      removeTree(state);
    });
    const model = (version: string) => ['-f', fixture('stateful'), '--extra-params', JSON.stringify({ version })];

    const fresh = procform(['switch', '--dry-run', ...base, ...model('1')]);
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.match(fresh.stdout, /start\s+keeper\s+\(added\)/);
    assert.match(fresh.stderr, /not in the store \(a dry run writes none\)/);
    assert.deepEqual(tree(state), [], 'a dry run on a fresh state dir leaves it empty');

    const deployed = procform(['switch', ...base, ...model('1')]);
    assert.equal(deployed.code, 0, deployed.stderr);
    const before = tree(join(state, 'lib'));

    const refused = procform(['switch', '--dry-run', ...base, ...model('2')]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /the state version changes for keeper \(1 → 2\)/);
    const migrate = procform(['switch', '--dry-run', '--migrate', ...base, ...model('2')]);
    assert.equal(migrate.code, 0, migrate.stderr);
    const undeploy = procform(['switch', '--dry-run', '--undeploy', ...base]);
    assert.equal(undeploy.code, 0, undeploy.stderr);
    assert.match(undeploy.stdout, /stop\s+keeper\s+\(removed\)/);
    assert.deepEqual(tree(join(state, 'lib')), before, 'dry runs added nothing to the store or the profile');
  });
}
