import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../errors.js';
import { EMPTY_IDS_FILE, parseIdsFile, serializeIdsFile } from './file.js';

describe('parseIdsFile', () => {
  it('gives the empty state for a missing file', () => {
    assert.deepEqual(parseIdsFile(undefined), { ids: {}, lastAssignments: {} });
    assert.equal(parseIdsFile(undefined), EMPTY_IDS_FILE);
  });

  it('tolerates missing sections', () => {
    assert.deepEqual(parseIdsFile({}), { ids: {}, lastAssignments: {} });
    assert.deepEqual(parseIdsFile({ ids: { uids: { a: 1 } } }), { ids: { uids: { a: 1 } }, lastAssignments: {} });
  });

  it('names the pool and instance of a bad id', () => {
    assert.throws(() => parseIdsFile({ ids: { uids: { webapp: 'x' } } }), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /ids file/);
      assert.match(error.message, /instance "webapp" in pool "uids"/);
      return true;
    });
    assert.throws(() => parseIdsFile({ lastAssignments: { uids: -3 } }), /pool "uids".*negative/);
  });

  it('rejects unknown top-level keys and non-objects', () => {
    assert.throws(() => parseIdsFile({ ids: {}, lastAssignment: {} }), /unknown field "lastAssignment"/);
    assert.throws(() => parseIdsFile('ids'), InputError);
    assert.throws(() => parseIdsFile({ ids: [] }), InputError);
  });

  it('rejects an instance named __proto__ instead of dropping it', () => {
    assert.throws(() => parseIdsFile(JSON.parse('{"ids": {"uids": {"__proto__": 1}}}')), /__proto__/);
  });
});

describe('serializeIdsFile', () => {
  it('sorts every key, indents by two spaces and ends with a newline', () => {
    const text = serializeIdsFile({
      lastAssignments: { uids: 2001, gids: 2001 },
      ids: { uids: { webapp: 2001, nginx: 2000 }, gids: { webapp: 2001, nginx: 2000 } },
    });
    assert.equal(
      text,
      [
        '{',
        '  "ids": {',
        '    "gids": {',
        '      "nginx": 2000,',
        '      "webapp": 2001',
        '    },',
        '    "uids": {',
        '      "nginx": 2000,',
        '      "webapp": 2001',
        '    }',
        '  },',
        '  "lastAssignments": {',
        '    "gids": 2001,',
        '    "uids": 2001',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('gives the same bytes whatever the key insertion order', () => {
    const a = serializeIdsFile({ ids: { b: { y: 2, x: 1 }, a: { z: 3 } }, lastAssignments: { b: 2, a: 3 } });
    const b = serializeIdsFile({ ids: { a: { z: 3 }, b: { x: 1, y: 2 } }, lastAssignments: { a: 3, b: 2 } });
    assert.equal(a, b);
  });

  it('sorts by code units, not by locale', () => {
    const text = serializeIdsFile({ ids: { p: { b: 1, B: 2, a: 3, Z: 4 } }, lastAssignments: {} });
    assert.deepEqual(Object.keys(JSON.parse(text).ids.p), ['B', 'Z', 'a', 'b']);
  });

  it('round-trips through parseIdsFile', () => {
    const file = { ids: { uids: { nginx: 2000 } }, lastAssignments: { uids: 2000 } };
    assert.deepEqual(parseIdsFile(JSON.parse(serializeIdsFile(file))), file);
  });

  it('writes the empty state with both sections', () => {
    assert.equal(serializeIdsFile(EMPTY_IDS_FILE), '{\n  "ids": {},\n  "lastAssignments": {}\n}\n');
  });
});
