import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CredentialsSpec, GroupEntry, UserEntry } from '../model/process-spec.js';
import { credentialsDiff, isEmptyCredentialsDiff } from './credentials.js';

const user = (fields: Partial<UserEntry> = {}): UserEntry => ({
  uid: null, group: null, extraGroups: [], description: null, homeDir: null, createHomeDir: false, shell: null, createHomeDirOnly: false, ...fields,
});
const group = (gid: number | null = null): GroupEntry => ({ gid });
const spec = (users: Record<string, UserEntry> = {}, groups: Record<string, GroupEntry> = {}): CredentialsSpec => ({ users, groups });

describe('credentialsDiff', () => {
  const before = spec(
    { webapp: user({ uid: 2001, group: 'webapps' }), old: user(), same: user({ shell: '/bin/sh' }) },
    { webapps: group(2000), obsolete: group(3000), kept: group() },
  );

  it('is empty between identical deployments', () => {
    assert.equal(isEmptyCredentialsDiff(credentialsDiff(before, before)), true);
    assert.equal(isEmptyCredentialsDiff(credentialsDiff(null, null)), true);
  });

  it('finds new, obsolete and changed accounts by attributes, not only names', () => {
    const after = spec(
      { webapp: user({ uid: 2002, group: 'webapps', extraGroups: ['kept'] }), fresh: user({ group: 'kept' }), same: user({ shell: '/bin/sh' }) },
      { webapps: group(2005), kept: group(), added: group(4000) },
    );
    const diff = credentialsDiff(before, after);
    assert.deepEqual(diff.createGroups, [{ name: 'added', entry: group(4000) }]);
    assert.deepEqual(diff.updateGroups, [{ name: 'webapps', previous: group(2000), next: group(2005), fields: ['gid'] }]);
    assert.deepEqual(diff.deleteGroups, [{ name: 'obsolete', entry: group(3000) }]);
    assert.deepEqual(diff.createUsers.map((u) => u.name), ['fresh']);
    assert.deepEqual(diff.updateUsers.map((u) => [u.name, u.fields]), [['webapp', ['uid', 'extraGroups']]]);
    assert.deepEqual(diff.deleteUsers.map((u) => u.name), ['old']);
  });

  it('ignores the order of supplementary groups', () => {
    const a = spec({ u: user({ extraGroups: ['a', 'b'] }) });
    const b = spec({ u: user({ extraGroups: ['b', 'a'] }) });
    assert.equal(isEmptyCredentialsDiff(credentialsDiff(a, b)), true);
    assert.deepEqual(credentialsDiff(a, spec({ u: user({ extraGroups: ['a'] }) })).updateUsers[0]?.fields, ['extraGroups']);
  });

  it('treats every account as new on the first deployment and obsolete on undeploy', () => {
    const first = credentialsDiff(null, before);
    assert.deepEqual(first.createUsers.map((u) => u.name), ['old', 'same', 'webapp']);
    assert.deepEqual(first.createGroups.map((g) => g.name), ['kept', 'obsolete', 'webapps']);
    const last = credentialsDiff(before, null);
    assert.deepEqual(last.deleteUsers.map((u) => u.name), ['old', 'same', 'webapp']);
    assert.deepEqual(last.deleteGroups.map((g) => g.name), ['kept', 'obsolete', 'webapps']);
  });

  it('replaces a user that turns into a home directory only', () => {
    const account = spec({ pg: user({ homeDir: '/var/db/pg', createHomeDir: true }) });
    const homeOnly = spec({ pg: user({ homeDir: '/var/db/pg', createHomeDir: true, createHomeDirOnly: true }) });
    const diff = credentialsDiff(account, homeOnly);
    assert.deepEqual(diff.deleteUsers, [{ name: 'pg', entry: account.users.pg }]);
    assert.deepEqual(diff.createUsers, [{ name: 'pg', entry: homeOnly.users.pg }]);
    assert.deepEqual(diff.updateUsers, []);
  });
});
