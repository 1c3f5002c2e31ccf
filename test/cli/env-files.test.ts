// envFiles through the CLI and the embedded supervisor: the files' values reach the
// process (explicit environment winning), a changed file builds a new generation, and a
// switch restarts exactly the processes that read it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastLine, procform } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

const printEnv = fileURLToPath(new URL('../fixtures/bin/print-env.js', import.meta.url));

const model = `
import { createManagedProcess, defineProcesses } from 'procform';
const run = (name: string, extra: object) => createManagedProcess({ foregroundProcess: ${JSON.stringify(printEnv)}, args: [name + '.json'], directory: import.meta.dirname, ...extra });
export default defineProcesses(() => ({
  shared: { pkg: run('shared', { envFiles: ['.env'], environment: { MODE: 'explicit' } }) },
  both: { pkg: run('both', { envFiles: ['./.env', 'both.env'] }) },
  none: { pkg: run('none', {}) },
}));
`;

interface Status { processes: { instance: string; state: string; pid: number | null }[] }

test('a changed env file makes a new generation, and a switch restarts only the processes that read it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-env-files-'));
  const state = join(dir, 'state');
  t.after(() => {
    procform(['down', '--state-dir', state]);
    rmSync(dir, { recursive: true, force: true });
  });
  writeFileSync(join(dir, 'processes.ts'), model);
  writeFileSync(join(dir, '.env'), 'MODE=from-file\nTOKEN="a b"\n');
  writeFileSync(join(dir, 'both.env'), 'TOKEN=later-file-wins\n');
  const options = ['--state-dir', state, '--force-disable-user-change'];
  const build = (): string => {
    const run = procform(['build', ...options], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    return lastLine(run.stdout);
  };
  const switchTo = (): void => {
    const run = procform(['switch', '-q', ...options], { cwd: dir, timeout: 60_000 });
    assert.equal(run.code, 0, run.stderr);
  };
  const pids = (): Record<string, number | null> => {
    const status = JSON.parse(procform(['status', '--json', '--state-dir', state]).stdout) as Status;
    return Object.fromEntries(status.processes.map((p) => [p.instance, p.pid]));
  };
  const facts = async (name: string): Promise<Record<string, string>> => {
    const file = join(dir, `${name}.json`);
    await waitFor(`${name} to record its environment`, () => existsSync(file));
    return (JSON.parse(readFileSync(file, 'utf8')) as { env: Record<string, string> }).env;
  };

  const first = build();
  assert.equal(build(), first, 'an unchanged file builds the same generation');
  switchTo();
  assert.deepEqual([(await facts('shared')).MODE, (await facts('shared')).TOKEN], ['explicit', 'a b']);
  assert.deepEqual([(await facts('both')).MODE, (await facts('both')).TOKEN], ['from-file', 'later-file-wins']);
  const before = pids();

  writeFileSync(join(dir, '.env'), 'MODE=other\nTOKEN=changed\n');
  assert.notEqual(build(), first, 'a changed env file builds a new generation');
  switchTo();
  const after = pids();
  assert.notEqual(after.shared, before.shared, 'shared reads .env: restarted');
  assert.notEqual(after.both, before.both, 'both reads .env: restarted');
  assert.equal(after.none, before.none, 'none reads no env file: kept');

  writeFileSync(join(dir, 'both.env'), 'TOKEN=changed-again\n');
  switchTo();
  const last = pids();
  assert.equal(last.shared, after.shared, 'shared does not read both.env: kept');
  assert.notEqual(last.both, after.both, 'both reads both.env: restarted');
  assert.equal(last.none, after.none);

  rmSync(join(dir, 'both.env'));
  const missing = procform(['build', ...options], { cwd: dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /error\[unreadable-env-file\] instance "both", field envFiles\[1\]: env file .*both\.env cannot be read/);
});
