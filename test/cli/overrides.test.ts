// A misspelt override key used to be merged into the record and ignored by the renderer.
// Validation now refuses every key the backend's record does not have, at any level, and
// says where it was written and which keys the record has there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { procform } from '../helpers/cli.js';
import { removeTree } from '../../src/store/write.js';

const MODEL = `import { createManagedProcess, defineProcesses } from 'procform';

export default defineProcesses(() => ({
  web: {
    pkg: createManagedProcess({
      foregroundProcess: '/bin/sleep',
      args: ['1000'],
      overrides: {
        systemd: { typo: 1, service: { Restrat: 'always' } },
        s6: { log: { maxSize: 1 }, stateDirs: [{ path: '/a', mode: '0700', user: null, group: null, owner: 'x' }] },
        launchd: { plist: { RunAtLoad: null } },
        sysvinit: (record) => record,
      },
    }),
  },
}));
`;

test('build refuses override keys the records do not have, with the file and line and the keys they have', { timeout: 60_000 }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-overrides-'));
  t.after(() => removeTree(dir));
  const model = join(dir, 'processes.ts');
  writeFileSync(model, MODEL);
  const run = procform(['build', '-f', model, '--state-dir', join(dir, 'state'), '--no-host-checks', '-q']);
  assert.equal(run.code, 2, run.stderr);
  const blocks = run.stderr.split(/\n(?=error)/);
  const about = (field: string): string => {
    const block = blocks.find((b) => b.includes(`unknown field "${field}"`));
    assert.ok(block !== undefined, `${field} is reported:\n${run.stderr}`);
    assert.match(block, /error\[unknown-field\] instance "web"/);
    assert.match(block, new RegExp(`--> ${model.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:5`), 'at the createManagedProcess call');
    return block;
  };
  assert.match(about('overrides.systemd.typo'), /hint: the systemd record has at "overrides.systemd": activation, install, name, scripts, service, unit/);
  assert.match(about('overrides.systemd.service.Restrat'), /did you mean "overrides.systemd.service.Restart"\? the systemd record has at "overrides.systemd.service": .*RestartSec/);
  assert.match(about('overrides.s6.stateDirs[0].owner'), /at "overrides.s6.stateDirs\[0\]": group, mode, path, user/);
  assert.equal(blocks.filter((b) => b.startsWith('error')).length, 3, 'the keys the records have, a null and a function pass');
});
