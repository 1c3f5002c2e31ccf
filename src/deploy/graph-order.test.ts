import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../errors.js';
import { orderSubset } from './graph-order.js';

// c -> b -> a, and d -> a.
const graph = new Map<string, readonly string[]>([['a', []], ['b', ['a']], ['c', ['b']], ['d', ['a']]]);

describe('orderSubset', () => {
  it('orders dependencies first with alphabetical ties', () => {
    assert.deepEqual(orderSubset(graph, ['d', 'c', 'b', 'a'], 'dependencies-first'), ['a', 'b', 'c', 'd']);
  });

  it('orders dependents first with alphabetical ties', () => {
    assert.deepEqual(orderSubset(graph, ['a', 'b', 'c', 'd'], 'dependents-first'), ['c', 'b', 'd', 'a']);
  });

  it('keeps a transitive dependency through a node outside the subset', () => {
    // Without b in the subset, c still depends on a through it.
    assert.deepEqual(orderSubset(graph, ['c', 'a'], 'dependencies-first'), ['a', 'c']);
    assert.deepEqual(orderSubset(graph, ['a', 'c'], 'dependents-first'), ['c', 'a']);
  });

  it('ignores dependencies on unknown nodes and orders by code point', () => {
    const g = new Map<string, readonly string[]>([['b', ['ghost']], ['B', []], ['a', []]]);
    assert.deepEqual(orderSubset(g, ['b', 'a', 'B'], 'dependencies-first'), ['B', 'a', 'b']);
  });

  it('reports a cycle', () => {
    const g = new Map<string, readonly string[]>([['a', ['b']], ['b', ['c']], ['c', ['a']], ['x', []]]);
    assert.throws(() => orderSubset(g, ['a', 'x'], 'dependencies-first'), InputError);
  });
});
