import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstCandidate, nextCandidate, poolCapacity, poolMisfit, type IdPool } from './pool.js';

const pool = (min: number, max: number, step = 1): IdPool => ({ min, max, step, scope: 'global' });

describe('poolCapacity', () => {
  it('counts grid points, not the width of the range', () => {
    assert.equal(poolCapacity(pool(5000, 6000)), 1001);
    assert.equal(poolCapacity(pool(8086, 8096, 3)), 4); // 8086, 8089, 8092, 8095
    assert.equal(poolCapacity(pool(8086, 8095, 3)), 4);
    assert.equal(poolCapacity(pool(8086, 8094, 3)), 3);
    assert.equal(poolCapacity(pool(7, 7, 10)), 1);
  });
});

describe('poolMisfit', () => {
  it('accepts ids on the grid within the range', () => {
    assert.equal(poolMisfit(pool(8086, 8096, 3), 8086), undefined);
    assert.equal(poolMisfit(pool(8086, 8096, 3), 8095), undefined);
  });
  it('rejects ids outside the range or off the grid', () => {
    assert.equal(poolMisfit(pool(8086, 8096, 3), 8098), 'out-of-range');
    assert.equal(poolMisfit(pool(8086, 8096, 3), 8085), 'out-of-range');
    assert.equal(poolMisfit(pool(8086, 8096, 3), 8087), 'off-grid');
  });
});

describe('firstCandidate / nextCandidate', () => {
  it('starts at min without a last assignment, or below the range', () => {
    assert.deepEqual(firstCandidate(pool(10, 20), undefined), { id: 10, wrapped: false });
    assert.deepEqual(firstCandidate(pool(10, 20), 3), { id: 10, wrapped: false });
  });
  it('continues one step after the last assignment', () => {
    assert.deepEqual(firstCandidate(pool(10, 20), 12), { id: 13, wrapped: false });
    assert.deepEqual(firstCandidate(pool(10, 22, 3), 13), { id: 16, wrapped: false });
  });
  it('rounds an off-grid last assignment up to the next grid point', () => {
    assert.deepEqual(firstCandidate(pool(10, 22, 3), 14), { id: 16, wrapped: false });
  });
  it('wraps to min past max', () => {
    assert.deepEqual(firstCandidate(pool(10, 20), 20), { id: 10, wrapped: true });
    assert.deepEqual(firstCandidate(pool(10, 20), 99), { id: 10, wrapped: true });
    assert.deepEqual(nextCandidate(pool(10, 21, 3), 19), { id: 10, wrapped: true });
    assert.deepEqual(nextCandidate(pool(10, 21, 3), 16), { id: 19, wrapped: false });
  });
});
