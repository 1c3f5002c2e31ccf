// After a switch that failed and went back, the failed generation is marked in
// `generations`, and a later rollback passes over it to the generation that was really
// current before: rolling back into a release known not to come up would be an outage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { procform } from '../helpers/cli.js';
import { removeTree } from '../../src/store/write.js';

const MODEL = `import { createManagedProcess, defineProcesses } from 'procform';
export default defineProcesses((params) => ({
  sleeper: { pkg: createManagedProcess({
    foregroundProcess: '/bin/sleep', args: ['1000'], environment: { RELEASE: String(params.release) },
    readiness: params.release === 'bad' ? { kind: 'exec', command: ['/bin/false'], interval: 0.2, timeout: 2 } : undefined,
  }) },
}));
`;

for (const backend of ['embedded', 'supervisord']) {
  test(`${backend}: rollback passes over a generation whose switch failed`, { timeout: 120_000 }, (t) => {
    if (backend === 'supervisord' && !existsSync('/usr/bin/supervisord')) {
      if (process.env.CI === 'true') assert.fail('supervisord is missing');
      t.skip('supervisord is missing');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), `pf-rollback-failed-${backend}-`));
    const model = join(dir, 'processes.ts');
    writeFileSync(model, MODEL);
    const flags = ['--state-dir', join(dir, 'state'), ...(backend === 'embedded' ? [] : ['-P', backend])];
    const release = (value: string) => procform(['switch', '-f', model, ...flags, '--force-disable-user-change', '--timeout', '5', '--extra-params', JSON.stringify({ release: value })]);
    t.after(() => {
      procform(['switch', '--undeploy', ...flags]);
      if (backend === 'embedded') procform(['down', ...flags]);
      else procform(['manager', 'stop', backend, '--state-dir', join(dir, 'state')]);
      removeTree(dir);
    });
    if (backend !== 'embedded') assert.equal(procform(['manager', 'start', backend, '--state-dir', join(dir, 'state')]).code, 0);

    assert.equal(release('1').code, 0);
    const failed = release('bad');
    assert.equal(failed.code, 2, `the switch to the bad release fails and goes back\n${failed.stderr}`);
    assert.equal(release('2').code, 0);
    const listed = procform(['generations', ...flags]);
    assert.match(listed.stdout, /\n {2}\s*2 .*\(failed: a switch to it went back\)\n/);
    assert.deepEqual((JSON.parse(procform(['generations', '--json', ...flags]).stdout) as { number: number; failed: boolean; current: boolean }[]).map((g) => [g.number, g.failed, g.current]), [[1, false, false], [2, true, false], [3, false, true]]);

    const back = procform(['rollback', ...flags]);
    assert.equal(back.code, 0, back.stderr);
    const current = (JSON.parse(procform(['generations', '--json', ...flags]).stdout) as { number: number; current: boolean }[]).find((g) => g.current);
    assert.equal(current?.number, 1, 'rolled back to generation 1, the last one that came up');
  });
}
