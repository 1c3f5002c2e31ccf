import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CredentialsSpec, GroupEntry, UserEntry } from '../model/process-spec.js';
import { collectCredentials } from './credentials.js';

const user = (fields: Partial<UserEntry> = {}): UserEntry => ({
  uid: null, group: null, extraGroups: [], description: null, homeDir: null, createHomeDir: false, shell: null, createHomeDirOnly: false, ...fields,
});
const group = (gid: number | null = null): GroupEntry => ({ gid });
const spec = (users: Record<string, UserEntry> = {}, groups: Record<string, GroupEntry> = {}): CredentialsSpec => ({ users, groups });

describe('collectCredentials', () => {
  it('merges the credentials of every process, sorted by name', () => {
    const merged = collectCredentials([
      { credentials: spec({ webapp: user({ uid: 2001, group: 'webapps' }) }, { webapps: group(2000) }) },
      spec({ nginx: user({ group: 'nginx' }) }, { nginx: group() }),
      { credentials: spec({ webapp: user({ uid: 2001, group: 'webapps' }) }, { webapps: group(2000) }) },
    ]);
    assert.deepEqual(Object.keys(merged.users), ['nginx', 'webapp']);
    assert.deepEqual(Object.keys(merged.groups), ['nginx', 'webapps']);
    assert.equal(merged.users.webapp?.uid, 2001);
  });

  it('gives nothing for no processes', () => {
    assert.deepEqual(collectCredentials([]), { users: {}, groups: {} });
  });
});
