// A model function that returns a Promise, a Map or nothing is refused before anything
// changes: it used to read as an empty model, and the switch stopped every process. So is
// every other malformed model (null, an array, a throw, a syntax error, a hostile instance
// name, an instance without a process), each with the file:line to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { procform } from '../helpers/cli.js';
import { alive } from '../helpers/wait.js';
import { removeTree } from '../../src/store/write.js';

const model = (dir: string, name: string, body: string): string => {
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, `import { createManagedProcess, defineProcesses } from 'procform';\nconst sleeper = () => createManagedProcess({ foregroundProcess: '/bin/sleep', args: ['1000'] });\nexport default defineProcesses(${body});\n`);
  return file;
};

test('switch refuses malformed models at their file:line, and leaves the running processes alone', { timeout: 60_000 }, (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-not-a-model-'));
  const state = join(dir, 'state');
  const flags = ['--state-dir', state];
  t.after(() => { procform(['down', ...flags]); removeTree(dir); });
  const good = procform(['switch', '-f', model(dir, 'good', "() => ({ sleeper: { pkg: sleeper() } })"), ...flags, '--force-disable-user-change']);
  assert.equal(good.code, 0, good.stderr);
  const pid = Number((JSON.parse(procform(['status', '--json', ...flags]).stdout) as { processes: { name: string; pid: number }[] }).processes.find((p) => p.name === 'sleeper')!.pid);
  assert.ok(alive(pid));
  for (const [name, body, message] of [
    ['async', "async () => ({ sleeper: { pkg: sleeper() } })", /returned a Promise/],
    ['map', "() => new Map([['sleeper', { pkg: sleeper() }]])", /returned a Map/],
    ['empty', '() => ({})', /no instances.*\n.*--undeploy/s],
    ['null', '() => null', /returned null/],
    ['array', '() => [sleeper()]', /returned an array/],
    ['throws', "() => { throw new Error('boom in the model'); }", /boom in the model/],
    ['syntax', '() => ({ sleeper: { pkg: sleeper() } }', /Unexpected token/],
    ['hostile', "() => ({ 'a/b\\n$(id)': { pkg: sleeper() } })", /instance name .* is not allowed/],
    ['notpkg', '() => ({ sleeper: { pkg: 42 } })', /"pkg" is made by createManagedProcess/],
  ] as const) {
    const r = procform(['switch', '-f', model(dir, name, body), ...flags, '--force-disable-user-change']);
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, message);
    // Line 3: the defineProcesses call, or the instance within it.
    assert.match(r.stderr, new RegExp(`${name}\\.ts:3`), `${name}: ${r.stderr}`);
    assert.ok(alive(pid), `the ${name} model stopped nothing`);
  }
  assert.equal(procform(['switch', '--undeploy', ...flags]).code, 0, 'an undeploy still deploys the empty generation');
});
