// Users and groups across switch, undeploy, rollback and down, through the CLI as root with
// user change on: the accounts a generation needs exist whenever it runs, and the ones
// procform created go once nothing deployed needs them.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform, type Run } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { removeTree } from '../../src/store/write.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const model = join(root, 'test/fixtures/models/accounts.ts');
const SBIN = { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` };

const getent = (database: 'passwd' | 'group', name: string): string[] | null => {
  const result = spawnSync('getent', [database, name], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().split(':') : null;
};

/** The real uid of a running process. */
const uidOf = (pid: number): number => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

const has = (programs: string): boolean => {
  try {
    execFileSync('sh', ['-c', programs.split(' ').map((p) => `command -v ${p}`).join(' && ')], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** The backends run here, with the programs each needs; under CI a missing one is a failure, not a skip. */
const BACKENDS: readonly { name: string; programs: string; manager: boolean }[] = [
  { name: 'embedded', programs: 'node', manager: false },
  { name: 's6', programs: 's6-svscan s6-svstat', manager: true },
  { name: 'runit', programs: 'runsvdir sv', manager: true },
  { name: 'supervisord', programs: 'supervisord supervisorctl', manager: true },
  { name: 'sysvinit', programs: 'start-stop-daemon', manager: false },
];
const skipUnless = (programs: string): string | false => (!has(programs) && process.env.CI !== 'true' ? `${programs} not installed` : false);

const ok = (result: Run, what: string): Run => {
  assert.equal(result.code, 0, `${what} failed:\n${result.stderr}`);
  return result;
};

/** A state dir, a user name of its own, and clean-up of both (and of whatever runs). */
const setup = (t: TestContext, backend: string) => {
  if (process.getuid?.() !== 0) {
    if (process.env.CI === 'true') assert.fail('these tests create users and need root under CI');
    t.skip('creating users needs root');
    return null;
  }
  const state = mkdtempSync(join(tmpdir(), 'pf-accounts-'));
  // The service user must reach its state directory below it.
  chmodSync(state, 0o755);
  const user = `pfcr${randomBytes(4).toString('hex')}`;
  const common = ['--state-dir', state];
  const model_ = (extra: object = {}) => ['-f', model, '--extra-params', JSON.stringify({ user, ...extra })];
  const run = (args: string[], extra?: object): Run => {
    const withModel = args[0] === 'switch' && !args.includes('--undeploy') ? [...model_(extra), ...((extra as { declare?: boolean } | undefined)?.declare === false ? ['--no-host-checks'] : [])] : [];
    return procform([...args, ...common, ...(backend === 'embedded' ? [] : ['-P', backend]), ...withModel]);
  };
  const manager = BACKENDS.find((b) => b.name === backend)?.manager === true;
  if (manager) ok(procform(['manager', 'start', backend, ...common]), `starting ${backend}`);
  t.after(() => {
    if (backend === 'embedded') procform(['down', ...common]);
    else {
      procform(['switch', '--undeploy', '-q', '-P', backend, ...common]);
      if (manager) procform(['manager', 'stop', backend, ...common]);
    }
    if (getent('passwd', user) !== null) spawnSync('userdel', [user], { env: SBIN });
    if (getent('group', user) !== null) spawnSync('groupdel', [user], { env: SBIN });
    removeTree(state);
  });
  const ledger = (): { users: string[]; groups: string[] } => {
    const file = join(state, 'lib/procform/profiles', backend, 'accounts.json');
    // The names only: the ids the ledger remembers are checked where they matter (test/stack).
    const { users, groups } = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as { users: string[]; groups: string[] } : { users: [], groups: [] };
    return { users, groups };
  };
  return { state, user, run, ledger };
};


/** The pid of `svc` under the embedded supervisor, once it runs. */
const embeddedPid = (state: string): Promise<number> => waitFor('svc to run', () => {
  const status = JSON.parse(ok(procform(['status', '--json', '--state-dir', state]), 'status').stdout) as { processes: { instance: string; state: string; pid: number | null }[] };
  const svc = status.processes.find((p) => p.instance === 'svc');
  return svc?.state === 'ready' && svc.pid !== null ? svc.pid : undefined;
}, 20_000);

test('embedded: a rollback after an undeploy creates the users again', { timeout: 120_000 }, async (t) => {
  const s = setup(t, 'embedded');
  if (s === null) return;
  ok(s.run(['switch']), 'the first switch');
  const uid = Number(getent('passwd', s.user)?.[2]);
  assert.ok(uid > 0, 'the user exists');
  assert.equal(uidOf(await embeddedPid(s.state)), uid, 'svc runs as its user');

  const undeploy = ok(s.run(['switch', '--undeploy']), 'the undeploy');
  assert.equal(getent('passwd', s.user), null, 'the undeploy removed the user');
  assert.equal(getent('group', s.user), null, 'and its group');
  assert.doesNotMatch(undeploy.stderr, /disappeared/, 'the private group userdel removed is expected, not a disappearance');

  const rollback = ok(s.run(['rollback']), 'the rollback');
  assert.match(rollback.stderr, new RegExp(`useradd .*${s.user}`));
  const again = getent('passwd', s.user);
  assert.notEqual(again, null, 'the rollback created the user again');
  assert.equal(uidOf(await embeddedPid(s.state)), Number(again![2]), 'svc runs as its user again');
  assert.deepEqual(s.ledger(), { users: [s.user], groups: [s.user] });
});

test('embedded: an undeploy after down removes the users procform created', { timeout: 120_000 }, async (t) => {
  const s = setup(t, 'embedded');
  if (s === null) return;
  ok(s.run(['switch']), 'the switch');
  assert.notEqual(getent('passwd', s.user), null, 'the user exists');
  assert.deepEqual(s.ledger(), { users: [s.user], groups: [s.user] });
  // down stops the daemon: the next one starts with no generation at all.
  ok(procform(['down', '--state-dir', s.state]), 'down');
  ok(s.run(['switch', '--undeploy']), 'the undeploy after down');
  assert.equal(getent('passwd', s.user), null, 'the undeploy after down removed the user');
  assert.equal(getent('group', s.user), null, 'and its group');
  assert.deepEqual(s.ledger(), { users: [], groups: [] });
});

test('s6: a rollback after an undeploy creates the users again and the service runs as its user', { timeout: 120_000, skip: skipUnless('s6-svscan s6-svstat') }, async (t) => {
  const s = setup(t, 's6');
  if (s === null) return;
  const dir = join(s.state, 'lib/procform/managers/s6/scan/svc');
  const pid = (): Promise<number> => waitFor('svc to be up', () => {
    const out = execFileSync('s6-svstat', ['-o', 'up,pid', dir], { encoding: 'utf8' }).trim().split(/\s+/);
    return out[0] === 'true' && Number(out[1]) > 0 ? Number(out[1]) : undefined;
  }, 20_000);

  ok(s.run(['switch']), 'the first switch');
  assert.equal(uidOf(await pid()), Number(getent('passwd', s.user)?.[2]), 'svc runs as its user');
  ok(s.run(['switch', '--undeploy']), 'the undeploy');
  assert.equal(getent('passwd', s.user), null, 'the undeploy removed the user');

  ok(s.run(['rollback']), 'the rollback');
  const again = getent('passwd', s.user);
  assert.notEqual(again, null, 'the rollback created the user again');
  assert.equal(uidOf(await pid()), Number(again![2]), 'svc runs as its user again');

  // Back to the empty generation: a rollback removes what is obsolete after it, as a switch does.
  ok(s.run(['rollback', '--to', '2']), 'the rollback to the undeploy');
  assert.equal(getent('passwd', s.user), null, 'the rollback removed the user');
  assert.deepEqual(s.ledger(), { users: [], groups: [] });
});

for (const { name, programs } of BACKENDS) {
  test(`${name}: an exec readiness probe runs as the process's user, group, directory and environment`, { timeout: 120_000, skip: skipUnless(programs) }, async (t) => {
    const s = setup(t, name);
    if (s === null) return;
    ok(s.run(['switch'], { probe: true }), 'the switch');
    const seen = readFileSync(join(s.state, 'svc-home/probe'), 'utf8').trim();
    assert.equal(seen, `${s.user} ${s.user} ${join(s.state, 'svc-home')} from-the-model`);
  });
}

for (const { name, programs } of BACKENDS) {
  test(`${name}: a service that exits at once, or whose user does not exist, is reported as failed, not started`, { timeout: 120_000, skip: skipUnless(programs) }, async (t) => {
    const s = setup(t, name);
    if (s === null) return;
    // The unknown user is one no switch created: undeclared, it is looked up only when svc starts.
    for (const [what, extra] of [['/bin/false', { command: ['/bin/false'] }], ['an unknown user', { declare: false, user: `${s.user}x` }]] as const) {
      const result = s.run(['switch'], extra);
      assert.equal(result.code, 2, `${what}: the switch is refused and rolled back\n${result.stderr}`);
      assert.doesNotMatch(result.stderr, /started svc/, `${what}: no start is reported`);
      assert.match(result.stderr, /svc(:| did not come up:) .*(exit|restart|does not exist|[Ii]nvalid user|not found)/, `${what}: the reason is given`);
      t.diagnostic(`${what}: ${result.stderr.split('\n').filter((line) => line.includes('svc')).join(' / ')}`);
    }
  });
}

for (const { name, programs } of BACKENDS) {
  test(`${name}: a switch that does not come up removes the users it created for it`, { timeout: 120_000, skip: skipUnless(programs) }, async (t) => {
    const s = setup(t, name);
    if (s === null) return;
    const failed = s.run(['switch'], { command: ['/bin/false'] });
    assert.equal(failed.code, 2, failed.stderr);
    assert.match(failed.stderr, new RegExp(`useradd .*${s.user}`), 'the user was created for the switch');
    assert.equal(getent('passwd', s.user), null, 'and removed when it failed');
    assert.equal(getent('group', s.user), null, 'with its group');
    assert.deepEqual(s.ledger().users, []);
  });
}
