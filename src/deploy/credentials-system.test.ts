import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { CredentialsSpec, UserEntry } from '../model/process-spec.js';
import { applyCredentials } from './credentials-apply.js';
import { credentialsDiff } from './credentials.js';
import { systemLookup, systemNologin, systemRunner } from './credentials-system.js';

const getent = (database: string, key: string): string | null => {
  const result = spawnSync('getent', [database, key], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
};

/** A uid or gid that neither database uses, from a range distributions leave alone. */
const freeId = (database: 'passwd' | 'group'): number => {
  for (let id = 61000 + Math.floor(Math.random() * 3000); ; id++) if (getent(database, String(id)) === null) return id;
};

const user = (fields: Partial<UserEntry>): UserEntry => ({
  uid: null, group: null, extraGroups: [], description: null, homeDir: null, createHomeDir: false, shell: null, createHomeDirOnly: false, ...fields,
});

describe('credentials on this machine', () => {
  it('runs a command and reports its failure', () => {
    assert.deepEqual(systemRunner(['true']), { status: 0, stderr: '' });
    const missing = systemRunner(['procform-no-such-command']);
    assert.equal(missing.status, null);
    assert.match(missing.stderr, /ENOENT/);
  });

  it('looks up existing and missing accounts', () => {
    assert.deepEqual(systemLookup.user('root'), { uid: 0 });
    assert.deepEqual(systemLookup.group('root'), { gid: 0 });
    assert.equal(systemLookup.user(`pfnone${randomBytes(4).toString('hex')}`), null);
    // A numeric key is looked up by id by getent; it is not an account name.
    assert.equal(systemLookup.user('0'), null);
  });

  it('finds a no-login shell', () => {
    assert.match(systemNologin(), /^\//);
  });

  it('creates, changes and deletes a real group and user (as root)', (t) => {
    if (process.getuid?.() !== 0) {
      // CI runs as root, so there this test must run rather than pass by skipping.
      if (process.env.CI === 'true') assert.fail('CI=true but the tests do not run as root');
      t.skip('needs root');
      return;
    }
    const suffix = randomBytes(3).toString('hex');
    const groupName = `pftestg${suffix}`;
    const userName = `pftestu${suffix}`;
    t.after(() => {
      // Also after a failure half way, so the machine is left as it was.
      if (getent('passwd', userName) !== null) spawnSync('userdel', [userName], { env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` } });
      if (getent('group', groupName) !== null) spawnSync('groupdel', [groupName], { env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` } });
    });
    const gid = freeId('group');
    const uid = freeId('passwd');
    const nologin = systemNologin();
    const first: CredentialsSpec = {
      groups: { [groupName]: { gid } },
      users: { [userName]: user({ uid, group: groupName, description: 'procform test user' }) },
    };

    const created = applyCredentials(credentialsDiff(null, first), systemRunner, systemLookup, { users: [], groups: [] }, { nologin });
    assert.deepEqual({ users: created.managed.users, groups: created.managed.groups }, { users: [userName], groups: [groupName] });
    assert.equal(created.managed.ids?.users[userName], systemLookup.user(userName)?.uid, 'the ledger remembers the uid useradd chose');
    assert.equal(systemLookup.idTaken?.('user', created.managed.ids!.users[userName]!), true);
    assert.equal(getent('group', groupName)?.split(':')[2], String(gid));
    assert.deepEqual(getent('passwd', userName)?.split(':'), [userName, 'x', String(uid), String(gid), 'procform test user', '/nonexistent', nologin]);

    const second: CredentialsSpec = { ...first, users: { [userName]: user({ uid, group: groupName, description: 'changed', shell: '/bin/sh' }) } };
    const changed = applyCredentials(credentialsDiff(first, second), systemRunner, systemLookup, created.managed, { nologin });
    assert.deepEqual(changed.done.map((s) => s.argv[0]), ['usermod']);
    assert.deepEqual(getent('passwd', userName)?.split(':').slice(4), ['changed', '/nonexistent', '/bin/sh']);

    const removed = applyCredentials(credentialsDiff(second, null), systemRunner, systemLookup, changed.managed, { nologin });
    assert.deepEqual({ users: removed.managed.users, groups: removed.managed.groups }, { users: [], groups: [] });
    assert.equal(getent('passwd', userName), null);
    assert.equal(getent('group', groupName), null);
  });
});
