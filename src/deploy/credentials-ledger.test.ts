import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { StoreError } from '../errors.js';
import { removeTree } from '../store/write.js';
import { NO_MANAGED_ACCOUNTS, readManagedAccounts, writeManagedAccounts } from './credentials-ledger.js';

const scratch = mkdtempSync(join(tmpdir(), 'procform-ledger-'));
after(() => removeTree(scratch));

describe('account ledger', () => {
  it('is empty when there is no file', () => {
    assert.deepEqual(readManagedAccounts(join(scratch, 'missing.json')), NO_MANAGED_ACCOUNTS);
  });

  it('round-trips, sorted, creating the directory and leaving no temporary file', () => {
    const file = join(scratch, 'profile', 'accounts.json');
    writeManagedAccounts(file, { users: ['webapp', 'nginx'], groups: ['webapps'] });
    assert.deepEqual(readManagedAccounts(file), { users: ['nginx', 'webapp'], groups: ['webapps'] });
    assert.equal(readFileSync(file, 'utf8'), '{\n  "users": [\n    "nginx",\n    "webapp"\n  ],\n  "groups": [\n    "webapps"\n  ]\n}\n');
    assert.deepEqual(readdirSync(join(scratch, 'profile')), ['accounts.json']);
  });

  it('keeps the ids accounts had when they were created', () => {
    const file = join(scratch, 'ids', 'accounts.json');
    const managed = { users: ['db'], groups: [], ids: { users: { db: 1011, gone: 1012 }, groups: { gone: 1012 } } };
    writeManagedAccounts(file, managed);
    assert.deepEqual(readManagedAccounts(file), managed);
  });

  it('reports a damaged file', () => {
    const file = join(scratch, 'damaged.json');
    for (const text of ['{', '[]', '{"users": ["a"]}', '{"users": [1], "groups": []}', '{"users": [], "groups": [], "ids": {"users": {"a": -1}, "groups": {}}}']) {
      writeFileSync(file, text);
      assert.throws(() => readManagedAccounts(file), StoreError, text);
    }
  });
});
