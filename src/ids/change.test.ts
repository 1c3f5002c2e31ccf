import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeChange } from './change.js';

describe('describeChange', () => {
  it('explains each kind of change in one line', () => {
    assert.equal(describeChange({ kind: 'kept', pool: 'uids', instance: 'nginx', id: 2000 }), 'uids: nginx keeps 2000');
    assert.equal(
      describeChange({ kind: 'assigned', pool: 'webappPorts', instance: 'webapp1', id: 5001, after: 5000, wrapped: false, skipped: 0 }),
      'webappPorts: webapp1 gets 5001 (next free after 5000)',
    );
    assert.equal(
      describeChange({ kind: 'assigned', pool: 'p', instance: 'e', id: 11, after: 13, wrapped: true, skipped: 1 }),
      'p: e gets 11 (next free after 13, wrapped around to min, skipped 1 taken id)',
    );
    assert.equal(
      describeChange({ kind: 'assigned', pool: 'p', instance: 'a', id: 10, after: null, wrapped: false, skipped: 0 }),
      'p: a gets 10 (first id of the pool)',
    );
    assert.equal(
      describeChange({ kind: 'pruned', pool: 'uids', instance: 'webapp', id: 2001, reason: 'instance-removed' }),
      'uids: webapp loses 2001: the instance no longer exists',
    );
    assert.equal(
      describeChange({ kind: 'pruned', pool: 'uids', instance: 'b', id: 2000, reason: 'duplicate', heldBy: 'a' }),
      'uids: b loses 2000: another instance holds the same id (a)',
    );
    assert.equal(
      describeChange({ kind: 'pruned-counter', pool: 'old', lastAssignment: 1 }),
      'old: last assignment 1 dropped: the pool is no longer defined',
    );
  });
});
