// A switch that changes a kept process's stateVersion is refused without --migrate, on the
// embedded supervisor and on a backend driven through an activator alike, and changes
// nothing: the current generation and the running process stay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { removeTree } from '../../src/store/write.js';

const model = fileURLToPath(new URL('../fixtures/models/stateful.ts', import.meta.url));

type Generations = { number: number; current: boolean }[];

for (const backend of ['embedded', 'sysvinit']) {
  test(`${backend}: a changed stateVersion needs --migrate, and a refused switch changes nothing`, { timeout: 60_000 }, async (t) => {
    const state = mkdtempSync(join(tmpdir(), `pf-statever-${backend}-`));
    const base = ['-P', backend, '--state-dir', state, '--force-disable-user-change'];
    const switchTo = (version: string, ...more: string[]) => procform(['switch', ...base, '-f', model, '--extra-params', JSON.stringify({ version }), ...more]);
    const current = (): number | undefined => {
      const listed = procform(['generations', '--json', ...base.filter((a) => a !== '--force-disable-user-change')]);
      assert.equal(listed.code, 0, listed.stderr);
      return (JSON.parse(listed.stdout) as Generations).find((g) => g.current)?.number;
    };
    t.after(() => {
      procform(['switch', ...base, '--undeploy']);
      if (backend === 'embedded') procform(['down', '--state-dir', state]);
      removeTree(state);
    });

    const first = switchTo('1');
    assert.equal(first.code, 0, first.stderr);
    assert.equal(current(), 1);

    const refused = switchTo('2');
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /state version changes for keeper \(1 → 2\)/);
    assert.match(refused.stderr, /--migrate/);
    assert.equal(current(), 1, 'the refused generation did not become current');

    const migrated = switchTo('2', '--migrate');
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.equal(current(), 2);
  });
}
