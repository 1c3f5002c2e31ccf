// Fault: the procform that runs a switch is killed (SIGKILL) half way, before it could
// record the outcome. Expected: the next command (here `generations`, then `status` and
// `rollback`) finds the interrupted switch, says what it repaired, and from then on the
// profile's current generation is the one that runs: on procform's supervisor, which
// carries the switch out on its own, the generation the supervisor ended up running; on a
// manager the killed procform was driving, the generation it came from, put back. A
// rollback then works from there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { firstMissing } from '../helpers/programs.js';
import { supervisorStatus } from '../helpers/supervisor.js';
import { alive, waitFor } from '../helpers/wait.js';
import { removeTree } from '../../src/store/write.js';

const bin = fileURLToPath(new URL('../../bin/procform.js', import.meta.url));
const model = fileURLToPath(new URL('../fixtures/models/faults.ts', import.meta.url));

interface Generation { number: number; path: string; current: boolean }
interface Status { number: number | null; generation: string; processes: { instance: string; pid: number | null }[] }

/** Where a switch is killed: as soon as it says which generation it goes to, or once it started `steady` and waits for `gated`. */
type KillPoint = 'early' | 'midway';
const SIGN: Record<KillPoint, RegExp> = { early: /switching \S+ to generation 3/, midway: /started steady/ };

/** The manager programs each backend needs. */
const PROGRAMS: Record<string, readonly string[]> = { embedded: [], supervisord: ['supervisord', 'supervisorctl'], runit: ['runsvdir', 'sv'] };

const variantOf = (pid: number): string | undefined =>
  readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').find((v) => v.startsWith('VARIANT='))?.slice('VARIANT='.length);

const cases: [string, KillPoint][] = [['embedded', 'early'], ['embedded', 'midway'], ['supervisord', 'early'], ['supervisord', 'midway'], ['runit', 'midway']];

for (const [backend, killAt] of cases) {
  test(`${backend}: a switch killed ${killAt} leaves the profile naming what runs, and rollback works`, { timeout: 150_000 }, async (t) => {
    const missing = firstMissing(PROGRAMS[backend]!);
    if (missing !== undefined) {
      t.skip(`${missing} is missing`);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), `pf-faults-killed-${backend}-`));
    const state = join(dir, 'state');
    const readyFile = join(dir, 'ready');
    const base = ['--state-dir', state, ...(backend === 'embedded' ? [] : ['-P', backend])];
    const params = (extra: object) => ['-f', model, ...base, '--force-disable-user-change', '--extra-params', JSON.stringify(extra)];
    const generations = () => {
      const run = procform(['generations', '--json', ...base], { timeout: 60_000 });
      assert.equal(run.code, 0, run.stderr);
      return { list: JSON.parse(run.stdout) as Generation[], stderr: run.stderr };
    };
    const status = (): Status => {
      const run = procform(['status', '--json', ...base], { timeout: 60_000 });
      assert.equal(run.code, 0, run.stderr);
      return JSON.parse(run.stdout) as Status;
    };
    let switching: ReturnType<typeof spawn> | undefined;
    t.after(() => {
      switching?.kill('SIGKILL');
      procform(['switch', '--undeploy', '-q', ...base], { timeout: 60_000 });
      if (backend === 'embedded') procform(['down', ...base], { timeout: 30_000 });
      else procform(['manager', 'stop', backend, '--state-dir', state], { timeout: 30_000 });
      removeTree(dir);
    });
    if (backend !== 'embedded') assert.equal(procform(['manager', 'start', backend, '--state-dir', state], { timeout: 30_000 }).code, 0);
    assert.equal(procform(['switch', '-q', ...params({ variant: 'one' })], { timeout: 60_000 }).code, 0);
    assert.equal(procform(['switch', '-q', ...params({ variant: 'two' })], { timeout: 60_000 }).code, 0);

    // Generation 3 restarts `steady` and adds `gated`, which is not ready until the file exists.
    const child = spawn(process.execPath, [bin, 'switch', ...params({ variant: 'three', readyFile })], { env: { ...process.env, NO_COLOR: '1' } });
    switching = child;
    let said = '';
    child.stderr.on('data', (chunk) => { said += chunk; });
    child.stdout.resume();
    await waitFor(`the switch to get ${killAt}`, () => SIGN[killAt].test(said), 60_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    // From here on `gated` can come up: whoever finishes the switch may finish it.
    writeFileSync(readyFile, '');

    // procform's supervisor goes on with the switch on its own: let it end first.
    if (backend === 'embedded') await waitFor('the supervisor to end the switch', async () => (await supervisorStatus(state))?.applying === undefined, 90_000);
    const repaired = generations();
    const current = repaired.list.find((g) => g.current);
    assert.ok(current !== undefined, 'a generation is current');

    // What runs is the current generation: its `steady` and, in generation 3 only, `gated`.
    const checkRuns = (number: number): void => {
      const now = status();
      assert.equal(now.number, number, `status names generation ${number} as what runs`);
      const pids = new Map(now.processes.map((p) => [p.instance, p.pid]));
      const steady = pids.get('steady');
      assert.ok(steady !== null && steady !== undefined && alive(steady), 'steady runs');
      assert.equal(variantOf(steady), ['one', 'two', 'three'][number - 1], `steady runs as generation ${number} has it`);
      assert.equal(pids.has('gated'), number === 3);
    };
    checkRuns(current.number);
    assert.match(repaired.stderr, new RegExp(`repaired: the switch from generation 2 to 3 was cut short \\(procform pid ${child.pid} ended\\) before it recorded its outcome`));
    assert.ok(backend === 'embedded' ? [2, 3].includes(current.number) : current.number === 2, `generation ${current.number} is current`);
    assert.doesNotMatch(generations().stderr, /recorded its outcome/, 'the repair is made once');

    const back = procform(['rollback', '-q', ...base], { timeout: 60_000 });
    assert.equal(back.code, 0, back.stderr);
    checkRuns(current.number - 1);
    assert.equal(generations().list.find((g) => g.current)?.number, current.number - 1);
  });
}
