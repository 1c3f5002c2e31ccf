// Run INSIDE scripts/systemd-user-sandbox (systemd-manager.test.ts does): the systemd
// import fixture's units run under the sandbox's real systemd --user manager, then the
// imported model on the embedded supervisor, and each process must get the same argv,
// working directory, umask and environment. Allowed differences: what systemd adds itself
// (INVOCATION_ID, JOURNAL_STREAM, SYSTEMD_EXEC_PID, MANAGERPID, and HOME, USER, LOGNAME
// and SHELL for User=) and what the manager passes on from its own environment.
//   scripts/systemd-user-sandbox run DIR -- node --import tsx --test test/import/inside-systemd.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearFacts, fixtureCopy, importInto, readFacts, runImported, without } from './round-trip.js';

const SYSTEMD_OWN = ['INVOCATION_ID', 'JOURNAL_STREAM', 'SYSTEMD_EXEC_PID', 'MANAGERPID', 'HOME', 'USER', 'LOGNAME', 'SHELL'];

const systemctl = (...args: string[]): string => execFileSync('systemctl', ['--user', ...args], { encoding: 'utf8' });

test('systemd: every unit starts under systemd as under the imported model', { timeout: 120_000 }, async (t) => {
  const dir = fixtureCopy(t, 'systemd');
  mkdirSync(join(dir, 'out'));
  // The fixture's account does not exist here; the manager runs the unit as root instead.
  const units = join(process.env.XDG_CONFIG_HOME!, 'systemd/user');
  mkdirSync(units, { recursive: true });
  for (const name of readdirSync(join(dir, 'units'))) {
    writeFileSync(join(units, name), readFileSync(join(dir, 'units', name), 'utf8').replace('User=shop', 'User=root'));
  }
  systemctl('daemon-reload');
  const files = { 'shop-db': join(dir, 'out/db.json'), 'shop-migrate': join(dir, 'out/migrate.json'), 'shop-web': join(dir, 'out/web.json') };
  t.after(() => {
    systemctl('stop', 'shop-web.service', 'shop-migrate.service', 'shop-db.service');
  });
  systemctl('start', 'shop-web.service');
  const original = await readFacts(files).catch((error: Error) => {
    const status = (unit: string): string => {
      try {
        return systemctl('status', '--no-pager', '-n', '5', unit);
      } catch (failed) {
        return String((failed as { stdout?: string }).stdout ?? failed);
      }
    };
    throw new Error(`${error.message}\n${['shop-db.service', 'shop-migrate.service', 'shop-web.service'].map(status).join('\n')}`);
  });
  systemctl('stop', 'shop-web.service', 'shop-migrate.service', 'shop-db.service');
  const manager = new Map(systemctl('show-environment').trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const));
  clearFacts(files);

  importInto(dir, 'units');
  const imported = await runImported(dir, files);
  for (const name of Object.keys(files)) {
    assert.deepEqual(imported[name]!.argv, original[name]!.argv, `${name}: argv`);
    assert.equal(imported[name]!.cwd, original[name]!.cwd, `${name}: working directory`);
    // The manager's own environment reaches every unit; the model names only its own.
    const passedOn = [...manager.keys()].filter((key) => imported[name]!.env[key] === undefined);
    assert.deepEqual(without(imported[name]!.env, ['PATH']), without(original[name]!.env, [...SYSTEMD_OWN, ...passedOn, 'PATH']), `${name}: environment`);
  }
  assert.equal(original['shop-db']!.umask, '0027');
  assert.equal(imported['shop-db']!.umask, '0027');
  assert.deepEqual(original['shop-web']!.argv.slice(5), ['two words', 'A\tB', '100%']);
});
