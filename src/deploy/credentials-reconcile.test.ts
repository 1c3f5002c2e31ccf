import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CredentialsSpec, GroupEntry, UserEntry } from '../model/process-spec.js';
import type { AccountLookup, ManagedAccounts } from './credentials-apply.js';
import { reconcileCredentials } from './credentials-reconcile.js';

const user = (fields: Partial<UserEntry> = {}): UserEntry => ({
  uid: null, group: null, extraGroups: [], description: null, homeDir: null, createHomeDir: false, shell: null, createHomeDirOnly: false, ...fields,
});
const group = (gid: number | null = null): GroupEntry => ({ gid });
const spec = (users: Record<string, UserEntry> = {}, groups: Record<string, GroupEntry> = {}): CredentialsSpec => ({ users, groups });
const NONE: ManagedAccounts = { users: [], groups: [] };

/** A machine that has exactly these accounts. */
const machine = (users: string[], groups: string[]): AccountLookup => ({
  user: (name) => (users.includes(name) ? { uid: 5000 } : null),
  group: (name) => (groups.includes(name) ? { gid: 5000 } : null),
});

const names = (list: readonly { name: string }[]): string[] => list.map((a) => a.name);

describe('reconcileCredentials', () => {
  const app = spec({ app: user({ group: 'apps' }), cache: user({ homeDir: '/var/cache/c', createHomeDirOnly: true }) }, { apps: group(2000) });

  it('creates what the generation declares and the machine lacks, even when the previous generation had it too', () => {
    // A rollback after an undeploy: same accounts as "previous", but gone from the machine.
    const diff = reconcileCredentials({ previous: app, next: app, lookup: machine([], []), managed: NONE });
    assert.deepEqual(names(diff.createGroups), ['apps']);
    assert.deepEqual(names(diff.createUsers), ['app'], 'a home-directory-only user is no account to create');
    assert.deepEqual([...diff.deleteUsers, ...diff.deleteGroups], []);
  });

  it('creates nothing that exists, and keeps the changes from the previous generation', () => {
    const next = spec({ app: user({ group: 'apps', shell: '/bin/sh' }) }, { apps: group(2000) });
    const diff = reconcileCredentials({ previous: app, next, lookup: machine(['app'], ['apps']), managed: { users: ['app'], groups: ['apps'] } });
    assert.deepEqual([...diff.createGroups, ...diff.createUsers], []);
    assert.deepEqual(diff.updateUsers.map((u) => [u.name, u.fields]), [['app', ['shell']]]);
  });

  it('deletes ledger accounts the generation does not need, with no previous generation known', () => {
    // An undeploy after `procform down`: the daemon runs nothing, the ledger still lists them.
    const diff = reconcileCredentials({ previous: null, next: spec(), lookup: machine(['app'], ['apps']), managed: { users: ['app'], groups: ['apps'] } });
    assert.deepEqual(names(diff.deleteUsers), ['app']);
    assert.deepEqual(names(diff.deleteGroups), ['apps']);
  });

  it('keeps ledger accounts the generation needs, also groups only its users name', () => {
    const next = spec({ app: user({ group: 'apps', extraGroups: ['logs'] }) });
    const diff = reconcileCredentials({ previous: null, next, lookup: machine(['app'], ['apps', 'logs']), managed: { users: ['app', 'old'], groups: ['apps', 'logs', 'oldgroup'] } });
    assert.deepEqual(names(diff.deleteUsers), ['old']);
    assert.deepEqual(names(diff.deleteGroups), ['oldgroup']);
  });

  it('keeps accounts another deployment still uses', () => {
    const diff = reconcileCredentials({ previous: app, next: spec(), lookup: machine(['app'], ['apps']), managed: { users: ['app'], groups: ['apps'] }, keep: [app] });
    assert.deepEqual([...diff.deleteUsers, ...diff.deleteGroups], []);
  });

  it('still lists accounts the previous generation dropped that procform did not create, for the planner to keep', () => {
    const diff = reconcileCredentials({ previous: spec({ www: user() }), next: spec(), lookup: machine(['www'], []), managed: NONE });
    assert.deepEqual(names(diff.deleteUsers), ['www']);
  });

  it('deletes the account of a user that becomes a home directory only', () => {
    const homeOnly = spec({ pg: user({ homeDir: '/var/db/pg', createHomeDirOnly: true }) });
    const diff = reconcileCredentials({ previous: null, next: homeOnly, lookup: machine(['pg'], []), managed: { users: ['pg'], groups: [] } });
    assert.deepEqual(names(diff.deleteUsers), ['pg']);
    assert.deepEqual(names(diff.createUsers), ['pg'], 'its home directory is still made');
  });
});
