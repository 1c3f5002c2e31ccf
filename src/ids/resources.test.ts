import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../errors.js';
import { parseIdResources } from './resources.js';

const rejects = (json: unknown, ...parts: string[]): void => {
  assert.throws(
    () => parseIdResources(json),
    (error: unknown) => {
      assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
      for (const part of parts) assert.ok(error.message.includes(part), `"${error.message}" lacks "${part}"`);
      return true;
    },
  );
};

describe('parseIdResources', () => {
  it('applies the defaults step 1 and scope global', () => {
    assert.deepEqual(parseIdResources({ uids: { min: 2000, max: 3000 } }), {
      uids: { min: 2000, max: 3000, step: 1, scope: 'global' },
    });
  });

  it('keeps an explicit step and scope', () => {
    assert.deepEqual(parseIdResources({ influxdbPorts: { min: 8086, max: 8096, step: 3, scope: 'machine' } }), {
      influxdbPorts: { min: 8086, max: 8096, step: 3, scope: 'machine' },
    });
  });

  it('accepts an empty file', () => {
    assert.deepEqual(parseIdResources({}), {});
  });

  it('names the pool and field of a non-integer', () => {
    rejects({ uids: { min: 2000.5, max: 3000 } }, 'id-resources', 'pool "uids"', 'field "min"', 'integer');
    rejects({ uids: { min: '2000', max: 3000 } }, 'pool "uids"', 'field "min"', 'integer');
  });

  it('names missing fields', () => {
    rejects({ uids: { min: 2000 } }, 'pool "uids"', 'field "max"', 'required');
  });

  it('rejects max below min', () => {
    rejects({ ports: { min: 10, max: 5 } }, 'pool "ports"', 'field "max"', 'below min');
  });

  it('rejects a step below 1 and a negative id', () => {
    rejects({ ports: { min: 1, max: 5, step: 0 } }, 'pool "ports"', 'field "step"', 'at least 1');
    rejects({ ports: { min: -1, max: 5 } }, 'pool "ports"', 'field "min"', 'negative');
  });

  it('rejects unknown keys and scopes', () => {
    rejects({ ports: { min: 1, max: 5, stpe: 2 } }, 'pool "ports"', 'unknown field "stpe"');
    rejects({ ports: { min: 1, max: 5, scope: 'cluster' } }, 'pool "ports"', 'field "scope"', '"global" or "machine"');
  });

  it('rejects a file or pool that is not an object', () => {
    rejects([], 'the file', 'must be an object');
    rejects(null, 'the file');
    rejects({ ports: 5 }, 'pool "ports"', 'must be an object');
  });

  it('reports every problem at once', () => {
    rejects({ a: { min: 'x', max: 1 }, b: { min: 1 } }, 'pool "a"', 'pool "b"');
  });

  it('rejects a pool named __proto__ instead of dropping it', () => {
    rejects(JSON.parse('{"__proto__": {"min": 1, "max": 2}}'), '__proto__');
  });
});
