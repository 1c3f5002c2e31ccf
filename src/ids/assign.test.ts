import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError, PoolExhaustedError } from '../errors.js';
import { assignIds } from './assign.js';
import type { IdChange } from './change.js';
import { parseIdsFile, serializeIdsFile, type IdsFile } from './file.js';
import { parseIdResources } from './resources.js';

// The pools of nix-processmgmt's example id-resources file.
const resources = parseIdResources({
  webappPorts: { min: 5000, max: 6000 },
  nginxPorts: { min: 8080, max: 9000 },
  uids: { min: 2000, max: 3000 },
  gids: { min: 2000, max: 3000 },
});

const webapp = ['webappPorts', 'uids', 'gids'];
const nginx = ['nginxPorts', 'uids', 'gids'];

const only = (changes: readonly IdChange[], kind: IdChange['kind']): IdChange[] =>
  changes.filter((change) => change.kind === kind);

describe('assignIds', () => {
  it('assigns first ids in sorted instance order', () => {
    const { ids } = assignIds({ resources, instances: { webapp, nginx } });
    assert.deepEqual(ids, {
      ids: {
        gids: { nginx: 2000, webapp: 2001 },
        nginxPorts: { nginx: 8080 },
        uids: { nginx: 2000, webapp: 2001 },
        webappPorts: { webapp: 5000 },
      },
      lastAssignments: { gids: 2001, nginxPorts: 8080, uids: 2001, webappPorts: 5000 },
    });
  });

  it('does not depend on the order of the instances record', () => {
    const a = assignIds({ resources, instances: { webapp, nginx, b: ['uids'], a: ['uids'] } });
    const b = assignIds({ resources, instances: { a: ['uids'], nginx, b: ['uids'], webapp } });
    assert.equal(serializeIdsFile(a.ids), serializeIdsFile(b.ids));
    assert.deepEqual(a.changes, b.changes);
    assert.deepEqual(a.ids.ids['uids'], { a: 2000, b: 2001, nginx: 2002, webapp: 2003 });
  });

  it('follows the nix-processmgmt example from two instances to eight', () => {
    const first = assignIds({ resources, instances: { webapp, nginx } });
    const instances = {
      webapp1: webapp, webapp2: webapp, webapp3: webapp, webapp4: webapp, webapp5: webapp, webapp6: webapp,
      nginx, nginx2: nginx,
    };
    const { ids, changes } = assignIds({ resources, previous: first.ids, instances });

    // nginx keeps everything it had.
    assert.equal(ids.ids['nginxPorts']?.['nginx'], 8080);
    assert.equal(ids.ids['uids']?.['nginx'], 2000);
    assert.equal(ids.ids['gids']?.['nginx'], 2000);
    // webapp is pruned, and its ids are not handed out again.
    for (const pool of ['webappPorts', 'uids', 'gids']) assert.equal(ids.ids[pool]?.['webapp'], undefined);
    assert.deepEqual(
      only(changes, 'pruned').map((change) => [change.pool, change.kind === 'pruned' && change.instance, change.kind === 'pruned' && change.reason]),
      [
        ['gids', 'webapp', 'instance-removed'],
        ['uids', 'webapp', 'instance-removed'],
        ['webappPorts', 'webapp', 'instance-removed'],
      ],
    );
    assert.deepEqual(ids.ids['webappPorts'], {
      webapp1: 5001, webapp2: 5002, webapp3: 5003, webapp4: 5004, webapp5: 5005, webapp6: 5006,
    });
    assert.deepEqual(ids.ids['nginxPorts'], { nginx: 8080, nginx2: 8081 });
    assert.deepEqual(ids.ids['uids'], {
      nginx: 2000, nginx2: 2002,
      webapp1: 2003, webapp2: 2004, webapp3: 2005, webapp4: 2006, webapp5: 2007, webapp6: 2008,
    });
    assert.deepEqual(ids.ids['gids'], ids.ids['uids']);
    assert.deepEqual(ids.lastAssignments, { gids: 2008, nginxPorts: 8081, uids: 2008, webappPorts: 5006 });
  });

  it('keeps existing ids when an instance is added; the new one gets the next after the last assignment', () => {
    const previous = assignIds({ resources, instances: { webapp, nginx } }).ids;
    const { ids, changes } = assignIds({ resources, previous, instances: { webapp, nginx, aaa: ['uids'] } });
    // `aaa` sorts first but must not take over an existing id.
    assert.deepEqual(ids.ids['uids'], { aaa: 2002, nginx: 2000, webapp: 2001 });
    assert.equal(ids.lastAssignments['uids'], 2002);
    assert.deepEqual(ids.ids['webappPorts'], previous.ids['webappPorts']);
    assert.equal(ids.lastAssignments['webappPorts'], 5000, 'unchanged when nothing new was assigned');
    assert.deepEqual(only(changes, 'assigned'), [
      { kind: 'assigned', pool: 'uids', instance: 'aaa', id: 2002, after: 2001, wrapped: false, skipped: 0 },
    ]);
    assert.equal(only(changes, 'kept').length, 6);
    assert.equal(only(changes, 'pruned').length, 0);
  });

  it('prunes a removed instance and does not reuse its id until the counter wraps', () => {
    const previous = assignIds({ resources, instances: { a: ['uids'], b: ['uids'], c: ['uids'] } }).ids;
    const removed = assignIds({ resources, previous, instances: { a: ['uids'], c: ['uids'] } });
    assert.deepEqual(removed.ids.ids['uids'], { a: 2000, c: 2002 });
    assert.equal(removed.ids.lastAssignments['uids'], 2002);
    const added = assignIds({ resources, previous: removed.ids, instances: { a: ['uids'], c: ['uids'], b2: ['uids'] } });
    assert.deepEqual(added.ids.ids['uids'], { a: 2000, b2: 2003, c: 2002 });
  });

  it('reuses freed ids after wrapping around', () => {
    const small = parseIdResources({ ports: { min: 10, max: 13 } });
    const first = assignIds({ resources: small, instances: { a: ['ports'], b: ['ports'], c: ['ports'], d: ['ports'] } });
    assert.deepEqual(first.ids.ids['ports'], { a: 10, b: 11, c: 12, d: 13 });
    const second = assignIds({ resources: small, previous: first.ids, instances: { a: ['ports'], d: ['ports'] } });
    const third = assignIds({
      resources: small,
      previous: second.ids,
      instances: { a: ['ports'], d: ['ports'], e: ['ports'], f: ['ports'] },
    });
    assert.deepEqual(third.ids.ids['ports'], { a: 10, d: 13, e: 11, f: 12 });
    assert.equal(third.ids.lastAssignments['ports'], 12);
    assert.deepEqual(only(third.changes, 'assigned'), [
      { kind: 'assigned', pool: 'ports', instance: 'e', id: 11, after: 13, wrapped: true, skipped: 1 },
      { kind: 'assigned', pool: 'ports', instance: 'f', id: 12, after: 11, wrapped: false, skipped: 0 },
    ]);
  });

  it('fills a step pool to capacity and throws PoolExhaustedError beyond it, quickly', () => {
    const stepped = parseIdResources({ influxdbPorts: { min: 8086, max: 8096, step: 3 } });
    const four = Object.fromEntries(['a', 'b', 'c', 'd'].map((name) => [name, ['influxdbPorts']]));
    const { ids } = assignIds({ resources: stepped, instances: four });
    assert.deepEqual(ids.ids['influxdbPorts'], { a: 8086, b: 8089, c: 8092, d: 8095 });

    const started = performance.now();
    assert.throws(
      () => assignIds({ resources: stepped, previous: ids, instances: { ...four, e: ['influxdbPorts'] } }),
      (error: unknown) => {
        assert.ok(error instanceof PoolExhaustedError);
        assert.equal(error.pool, 'influxdbPorts');
        assert.equal(error.capacity, 4);
        assert.equal(error.wanted, 5);
        return true;
      },
    );
    assert.throws(() => assignIds({ resources: stepped, instances: { ...four, e: ['influxdbPorts'] } }), PoolExhaustedError);
    assert.ok(performance.now() - started < 1000);
  });

  it('wraps around a full step pool to the one free slot', () => {
    const stepped = parseIdResources({ p: { min: 0, max: 9, step: 3 } }); // 0, 3, 6, 9
    const previous: IdsFile = { ids: { p: { a: 0, c: 6, d: 9 } }, lastAssignments: { p: 9 } };
    const { ids } = assignIds({ resources: stepped, previous, instances: { a: ['p'], b: ['p'], c: ['p'], d: ['p'] } });
    assert.deepEqual(ids.ids['p'], { a: 0, b: 3, c: 6, d: 9 });
  });

  it('prunes ids that a pool change left out of range or off the grid', () => {
    const previous: IdsFile = {
      ids: { ports: { a: 100, b: 103, c: 104, d: 130 } },
      lastAssignments: { ports: 130 },
    };
    const changed = parseIdResources({ ports: { min: 100, max: 120, step: 3 } });
    const { ids, changes } = assignIds({
      resources: changed,
      previous,
      instances: { a: ['ports'], b: ['ports'], c: ['ports'], d: ['ports'] },
    });
    assert.deepEqual(only(changes, 'pruned'), [
      { kind: 'pruned', pool: 'ports', instance: 'c', id: 104, reason: 'off-grid' },
      { kind: 'pruned', pool: 'ports', instance: 'd', id: 130, reason: 'out-of-range' },
    ]);
    // The stale counter (130, beyond max) wraps to min; 100 and 103 are taken.
    assert.deepEqual(ids.ids['ports'], { a: 100, b: 103, c: 106, d: 109 });
    assert.equal(ids.lastAssignments['ports'], 109);
  });

  it('prunes entries of removed pools and no longer required pools, and their counters', () => {
    const previous: IdsFile = {
      ids: { uids: { a: 2000, b: 2001 }, old: { a: 1 } },
      lastAssignments: { uids: 2001, old: 1 },
    };
    const { ids, changes } = assignIds({ resources, previous, instances: { a: ['uids'], b: [] } });
    assert.deepEqual(ids, { ids: { uids: { a: 2000 } }, lastAssignments: { uids: 2001 } });
    assert.deepEqual(
      changes.filter((change) => change.kind !== 'kept'),
      [
        { kind: 'pruned-counter', pool: 'old', lastAssignment: 1 },
        { kind: 'pruned', pool: 'old', instance: 'a', id: 1, reason: 'pool-removed' },
        { kind: 'pruned', pool: 'uids', instance: 'b', id: 2001, reason: 'pool-not-required' },
      ],
    );
  });

  it('gives a duplicated id to the first instance in name order only', () => {
    const previous: IdsFile = { ids: { uids: { a: 2000, b: 2000 } }, lastAssignments: { uids: 2000 } };
    const { ids, changes } = assignIds({ resources, previous, instances: { a: ['uids'], b: ['uids'] } });
    assert.deepEqual(ids.ids['uids'], { a: 2000, b: 2001 });
    assert.deepEqual(only(changes, 'pruned'), [
      { kind: 'pruned', pool: 'uids', instance: 'b', id: 2000, reason: 'duplicate', heldBy: 'a' },
    ]);
  });

  it('throws InputError naming the instance and the undefined pool, listing the defined ones', () => {
    assert.throws(
      () => assignIds({ resources, instances: { nginx, db: ['postgresqlPorts', 'uids'] } }),
      (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.match(error.message, /instance "db"/);
        assert.match(error.message, /pool "postgresqlPorts"/);
        assert.equal(error.hint, 'defined pools: gids, nginxPorts, uids, webappPorts');
        return true;
      },
    );
  });

  it('rejects a requiresUniqueIdsFor that is not a list of names', () => {
    assert.throws(() => assignIds({ resources, instances: { a: 'uids' as never } }), InputError);
  });

  it('ignores instances without requirements and duplicate pool names', () => {
    const { ids } = assignIds({ resources, instances: { a: undefined, b: [], c: ['uids', 'uids'] } });
    assert.deepEqual(ids, { ids: { uids: { c: 2000 } }, lastAssignments: { uids: 2000 } });
  });

  it('is a no-op on its own output', () => {
    const instances = { webapp, nginx, extra: ['uids'] };
    const first = assignIds({ resources, instances });
    const again = assignIds({ resources, previous: parseIdsFile(JSON.parse(serializeIdsFile(first.ids))), instances });
    assert.equal(serializeIdsFile(again.ids), serializeIdsFile(first.ids));
    assert.ok(again.changes.every((change) => change.kind === 'kept'));
  });

  it('does not let pool or instance names reach Object.prototype', () => {
    const odd = parseIdResources({ constructor: { min: 1, max: 2 } });
    const { ids } = assignIds({ resources: odd, instances: { toString: ['constructor'] } });
    assert.deepEqual(ids, { ids: { constructor: { toString: 1 } }, lastAssignments: { constructor: 1 } });
    assert.throws(() => assignIds({ resources, instances: { a: ['toString'] } }), InputError);
  });
});
