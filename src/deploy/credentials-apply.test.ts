import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeployError, InputError } from '../errors.js';
import type { CredentialsSpec, GroupEntry, UserEntry } from '../model/process-spec.js';
import { applyCredentials, CredentialsApplyError, planCredentials, type AccountLookup, type CommandRunner, type ManagedAccounts } from './credentials-apply.js';
import { credentialsDiff } from './credentials.js';

const user = (fields: Partial<UserEntry> = {}): UserEntry => ({
  uid: null, group: null, extraGroups: [], description: null, homeDir: null, createHomeDir: false, shell: null, createHomeDirOnly: false, ...fields,
});
const group = (gid: number | null = null): GroupEntry => ({ gid });
const spec = (users: Record<string, UserEntry> = {}, groups: Record<string, GroupEntry> = {}): CredentialsSpec => ({ users, groups });
const NONE: ManagedAccounts = { users: [], groups: [] };
const names = ({ users, groups }: ManagedAccounts): ManagedAccounts => ({ users, groups });

/**
 * A pretend machine: accounts by name, a log of every command, and just enough of
 * shadow-utils' behaviour (ids picked from 5000, userdel dropping a same-named group).
 */
const machine = (users: Record<string, number> = {}, groups: Record<string, number> = {}, failOn?: string) => {
  const state = { users: new Map(Object.entries(users)), groups: new Map(Object.entries(groups)) };
  const log: string[][] = [];
  let nextId = 5000;
  const option = (argv: readonly string[], flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at < 0 ? undefined : argv[at + 1];
  };
  const run: CommandRunner = (argv) => {
    log.push([...argv]);
    const name = argv.at(-1)!;
    if (failOn !== undefined && argv[0] === failOn) return { status: 9, stderr: `${failOn}: something broke\n` };
    switch (argv[0]) {
      case 'groupadd': state.groups.set(name, Number(option(argv, '-g') ?? nextId++)); break;
      case 'groupmod': state.groups.set(name, Number(option(argv, '-g'))); break;
      case 'groupdel': state.groups.delete(name); break;
      case 'useradd': state.users.set(name, Number(option(argv, '-u') ?? nextId++)); break;
      case 'usermod': if (option(argv, '-u') !== undefined) state.users.set(name, Number(option(argv, '-u'))); break;
      case 'userdel': state.users.delete(name); state.groups.delete(name); break;
      default: break;
    }
    return { status: 0, stderr: '' };
  };
  const lookup: AccountLookup = {
    user: (n) => (state.users.has(n) ? { uid: state.users.get(n)! } : null),
    group: (n) => (state.groups.has(n) ? { gid: state.groups.get(n)! } : null),
  };
  return { run, lookup, log, state };
};

const webapps = spec(
  {
    webapp: user({ uid: 2001, group: 'webapps', extraGroups: ['nginx', 'adm'], description: 'Web application' }),
    postgres: user({ homeDir: '/var/db/postgresql', createHomeDir: true, shell: '/bin/sh' }),
    cache: user({ homeDir: '/var/cache/app', createHomeDir: true, createHomeDirOnly: true }),
  },
  { webapps: group(2000), nginx: group() },
);

describe('applyCredentials', () => {
  it('creates an account it deleted earlier with the id it had, unless that id is taken now', () => {
    const m = machine({ other: 7001 });
    const lookup: AccountLookup = { ...m.lookup, idTaken: (kind, id) => [...(kind === 'user' ? m.state.users : m.state.groups).values()].includes(id) };
    const needs = spec({ db: user({ group: 'db' }), cache: user() }, { db: group() });
    const remembered: ManagedAccounts = { users: [], groups: [], ids: { users: { db: 7000, cache: 7001 }, groups: { db: 6000 } } };
    const report = applyCredentials(credentialsDiff(null, needs), m.run, lookup, remembered);
    assert.deepEqual(m.log, [
      ['groupadd', '-g', '6000', 'db'],
      ['useradd', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', '-M', 'cache'],
      ['useradd', '-u', '7000', '-g', 'db', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', '-M', 'db'],
    ]);
    assert.deepEqual(report.managed.ids, { users: { cache: 5000, db: 7000 }, groups: { db: 6000 } }, 'cache has a new id, since its old one belongs to another user now');
  });


  it('creates groups, then users, with exact command lines, and records them as managed', () => {
    const m = machine({}, { adm: 4 });
    const report = applyCredentials(credentialsDiff(null, webapps), m.run, m.lookup, NONE);
    assert.deepEqual(m.log, [
      ['groupadd', 'nginx'],
      ['groupadd', '-g', '2000', 'webapps'],
      ['mkdir', '-p', '/var/cache/app'],
      ['useradd', '-d', '/var/db/postgresql', '-s', '/bin/sh', '-m', 'postgres'],
      ['useradd', '-u', '2001', '-g', 'webapps', '-G', 'nginx,adm', '-c', 'Web application', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', '-M', 'webapp'],
    ]);
    assert.deepEqual(report.managed, {
      users: ['postgres', 'webapp'], groups: ['nginx', 'webapps'],
      ids: { users: { postgres: 5001, webapp: 2001 }, groups: { nginx: 5000, webapps: 2000 } },
    });
    assert.deepEqual(report.done.map((s) => s.argv), m.log);
    assert.deepEqual(report.notes, []);
  });

  it('uses the given no-login shell', () => {
    const m = machine();
    applyCredentials(credentialsDiff(null, spec({ svc: user() })), m.run, m.lookup, NONE, { nologin: '/sbin/nologin' });
    assert.deepEqual(m.log, [['useradd', '-d', '/nonexistent', '-s', '/sbin/nologin', '-M', 'svc']]);
  });

  it('deletes users before groups, only those procform created, and keeps home directories', () => {
    const m = machine({ webapp: 2001, postgres: 5001, nobody: 65534 }, { webapps: 2000, nginx: 5000 });
    const previous = spec({ ...webapps.users, nobody: user() }, webapps.groups);
    const managed = { users: ['postgres', 'webapp'], groups: ['nginx', 'webapps'] };
    const report = applyCredentials(credentialsDiff(previous, null), m.run, m.lookup, managed);
    assert.deepEqual(m.log, [['userdel', 'postgres'], ['userdel', 'webapp'], ['groupdel', 'nginx'], ['groupdel', 'webapps']]);
    assert.deepEqual(report.managed, NONE);
    assert.deepEqual(report.notes, ['user nobody is no longer needed but was not created by procform; it is kept']);
    assert.ok(m.state.users.has('nobody'));
  });

  it('uses an existing account with the declared id as it is, without taking it over', () => {
    const m = machine({ webapp: 2001, postgres: 120 }, { webapps: 2000, nginx: 101, adm: 4 });
    const report = applyCredentials(credentialsDiff(null, webapps), m.run, m.lookup, NONE);
    assert.deepEqual(m.log, [['mkdir', '-p', '/var/cache/app']]);
    assert.deepEqual(report.managed, NONE);
    assert.equal(report.notes.length, 4);
    assert.match(report.notes.join('\n'), /user webapp exists already and was not created by procform; it is used as it is/);
  });

  it('refuses, before running anything, ids that disagree with accounts it did not create', () => {
    const m = machine({ webapp: 1500 }, { webapps: 1600, adm: 4 });
    assert.throws(() => applyCredentials(credentialsDiff(null, webapps), m.run, m.lookup, NONE), (error: unknown) => {
      assert.ok(error instanceof DeployError);
      assert.equal(error.partial, false);
      assert.match(error.message, /group webapps exists with gid 1600, but the model declares gid 2000/);
      assert.match(error.message, /user webapp exists with uid 1500, but the model declares uid 2001/);
      return true;
    });
    assert.deepEqual(m.log, []);
  });

  it('applies attribute changes to accounts it created', () => {
    const m = machine({ webapp: 2001 }, { webapps: 2000, nginx: 5000, adm: 4 });
    const next = spec(
      { webapp: user({ uid: 2002, group: 'webapps', extraGroups: ['nginx'], description: 'Web application', homeDir: '/srv/webapp', createHomeDir: true, shell: '/bin/bash' }) },
      { webapps: group(2005), nginx: group() },
    );
    const report = applyCredentials(credentialsDiff(spec({ webapp: webapps.users.webapp! }, webapps.groups), next), m.run, m.lookup, { users: ['webapp'], groups: ['nginx', 'webapps'] });
    assert.deepEqual(m.log, [
      ['groupmod', '-g', '2005', 'webapps'],
      ['usermod', '-u', '2002', '-G', 'nginx', '-d', '/srv/webapp', '-m', '-s', '/bin/bash', 'webapp'],
      ['mkdir', '-p', '/srv/webapp'],
      ['chown', 'webapp:', '/srv/webapp'],
    ]);
    assert.deepEqual(report.managed, { users: ['webapp'], groups: ['nginx', 'webapps'] });
  });

  it('clears what is no longer declared and keeps ids that are no longer fixed', () => {
    const m = machine({ svc: 2001 });
    const before = spec({ svc: user({ uid: 2001, description: 'x', shell: '/bin/sh', extraGroups: ['adm'] }) });
    const after = spec({ svc: user() });
    applyCredentials(credentialsDiff(before, after), m.run, m.lookup, { users: ['svc'], groups: [] });
    assert.deepEqual(m.log, [['usermod', '-G', '', '-c', '', '-s', '/usr/sbin/nologin', 'svc']]);
    assert.equal(m.state.users.get('svc'), 2001);
  });

  it('does not change accounts it did not create, but says so', () => {
    const m = machine({ www: 33 });
    const report = applyCredentials(credentialsDiff(spec({ www: user({ uid: 33 }) }), spec({ www: user({ uid: 33, shell: '/bin/sh' }) })), m.run, m.lookup, NONE);
    assert.deepEqual(m.log, []);
    assert.deepEqual(report.notes, ['user www was not created by procform; its changed shell is not applied']);
    assert.throws(
      () => applyCredentials(credentialsDiff(spec({ www: user({ uid: 33 }) }), spec({ www: user({ uid: 34 }) })), m.run, m.lookup, NONE),
      /user www exists with uid 33, but the model declares uid 34/,
    );
  });

  it('brings an account it created earlier back in line when it is declared again', () => {
    const m = machine({ webapp: 1999 }, { webapps: 1998, nginx: 5000, adm: 4 });
    const only = spec({ webapp: webapps.users.webapp! }, webapps.groups);
    const report = applyCredentials(credentialsDiff(null, only), m.run, m.lookup, { users: ['webapp'], groups: ['webapps', 'nginx'] });
    assert.deepEqual(m.log, [
      ['groupmod', '-g', '2000', 'webapps'],
      ['usermod', '-u', '2001', '-g', 'webapps', '-G', 'nginx,adm', '-c', 'Web application', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', 'webapp'],
    ]);
    assert.match(report.notes.join('\n'), /group nginx exists already/);
  });

  it('creates again an account it manages that has disappeared', () => {
    const m = machine();
    const report = applyCredentials(credentialsDiff(spec({ svc: user() }), spec({ svc: user({ shell: '/bin/sh' }) })), m.run, m.lookup, { users: ['svc'], groups: [] });
    assert.deepEqual(m.log, [['useradd', '-d', '/nonexistent', '-s', '/bin/sh', '-M', 'svc']]);
    assert.deepEqual(report.notes, ['user svc was missing and is created again']);
  });

  it('splits into a create phase and a remove phase, threading the ledger', () => {
    const m = machine({ old: 5000 }, { oldgroup: 5001 });
    const diff = credentialsDiff(spec({ old: user({ group: 'oldgroup' }) }, { oldgroup: group() }), spec({ fresh: user() }, { freshgroup: group() }));
    const created = applyCredentials(diff, m.run, m.lookup, { users: ['old'], groups: ['oldgroup'] }, { phase: 'create' });
    assert.deepEqual(m.log, [['groupadd', 'freshgroup'], ['useradd', '-d', '/nonexistent', '-s', '/usr/sbin/nologin', '-M', 'fresh']]);
    assert.deepEqual(names(created.managed), { users: ['fresh', 'old'], groups: ['freshgroup', 'oldgroup'] });
    const removed = applyCredentials(diff, m.run, m.lookup, created.managed, { phase: 'remove' });
    assert.deepEqual(m.log.slice(2), [['userdel', 'old'], ['groupdel', 'oldgroup']]);
    assert.deepEqual(names(removed.managed), { users: ['fresh'], groups: ['freshgroup'] });
    assert.deepEqual(removed.managed.ids, created.managed.ids, 'deleting an account keeps the id it had');
  });

  it('skips, without a word, deleting the private group that userdel removed with its user', () => {
    const m = machine({ app: 5000 }, { app: 5000 });
    const report = applyCredentials(credentialsDiff(spec({ app: user({ group: 'app' }) }, { app: group() }), null), m.run, m.lookup, { users: ['app'], groups: ['app'] });
    assert.deepEqual(m.log, [['userdel', 'app']]);
    assert.deepEqual(report.notes, []);
    assert.deepEqual(report.managed, NONE);
  });

  it('still reports a group that vanished while applying for another reason', () => {
    const m = machine({ app: 5000 }, { shared: 5001 });
    const lookup: AccountLookup = { user: m.lookup.user, group: (name) => (m.log.length > 0 ? null : m.lookup.group(name)) };
    const report = applyCredentials(credentialsDiff(spec({ app: user({ group: 'shared' }) }, { shared: group() }), null), m.run, lookup, { users: ['app'], groups: ['shared'] });
    assert.deepEqual(m.log, [['userdel', 'app']]);
    assert.deepEqual(report.notes, ['group shared disappeared before it was deleted']);
    assert.deepEqual(report.managed, NONE);
  });

  it('forgets accounts it created that someone else deleted', () => {
    const m = machine();
    const report = applyCredentials(credentialsDiff(spec({ gone: user() }, { gonegroup: group() }), null), m.run, m.lookup, { users: ['gone'], groups: ['gonegroup'] });
    assert.deepEqual(m.log, []);
    assert.deepEqual(report.managed, NONE);
    assert.deepEqual(report.notes, ['user gone is gone already', 'group gonegroup is gone already']);
  });

  it('stops at a failing command and reports what was done', () => {
    const m = machine({}, { adm: 4 }, 'useradd');
    assert.throws(() => applyCredentials(credentialsDiff(null, webapps), m.run, m.lookup, NONE), (error: unknown) => {
      assert.ok(error instanceof CredentialsApplyError);
      assert.equal(error.partial, true);
      assert.match(error.message, /cannot create user postgres: useradd .* postgres failed: useradd: something broke$/);
      assert.deepEqual(names(error.report.managed), { users: [], groups: ['nginx', 'webapps'] });
      assert.equal(error.report.done.length, 3);
      return true;
    });
    assert.equal(m.log.length, 4, 'nothing runs after the failure');
  });

  it('reports a command that could not be run', () => {
    const run: CommandRunner = () => ({ status: null, stderr: '' });
    assert.throws(() => applyCredentials(credentialsDiff(null, spec({}, { g: group() })), run, machine().lookup, NONE), (error: unknown) =>
      error instanceof CredentialsApplyError && error.partial === false && /it could not be run/.test(error.message));
  });

  it('rejects names that a command would read as options', () => {
    const m = machine();
    assert.throws(() => applyCredentials(credentialsDiff(null, spec({ '-r': user() })), m.run, m.lookup, NONE), InputError);
    assert.throws(() => applyCredentials(credentialsDiff(null, spec({ ok: user({ extraGroups: ['--all'] }) })), m.run, m.lookup, NONE), /"--all"/);
    assert.deepEqual(m.log, []);
  });
});

describe('planCredentials', () => {
  it('shows the commands without running any', () => {
    const m = machine({}, { adm: 4 });
    const plan = planCredentials(credentialsDiff(null, webapps), m.lookup, NONE);
    assert.deepEqual(plan.steps.map((s) => s.description), [
      'create group nginx',
      'create group webapps',
      'create the home directory of cache',
      'create user postgres',
      'create user webapp',
    ]);
    assert.deepEqual(plan.conflicts, []);
    assert.deepEqual(m.log, []);
  });
});
