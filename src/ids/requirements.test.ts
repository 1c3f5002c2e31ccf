import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../errors.js';
import type { ProcessesModel } from '../model/define-processes.js';
import { idRequirementsOf, resolveRequirements } from './requirements.js';
import { parseIdResources } from './resources.js';

describe('idRequirementsOf', () => {
  it('reads requiresUniqueIdsFor off each instance', () => {
    const model = { webapp: { pkg: {}, requiresUniqueIdsFor: ['uids'] }, cron: { pkg: {} } };
    assert.deepEqual(idRequirementsOf(model), { webapp: ['uids'], cron: undefined });
  });

  it('takes a processes model as is', () => {
    // A compile-time check: the model type must stay assignable.
    const fromModel = (model: ProcessesModel) => idRequirementsOf(model);
    assert.deepEqual(fromModel({}), {});
  });
});

describe('resolveRequirements', () => {
  const resources = parseIdResources({ uids: { min: 1, max: 9 }, gids: { min: 1, max: 9 } });

  it('deduplicates pools and leaves out instances without requirements', () => {
    const resolved = resolveRequirements({ a: ['uids', 'gids', 'uids'], b: [], c: undefined }, resources);
    assert.deepEqual([...resolved.keys()], ['a']);
    assert.deepEqual([...(resolved.get('a') ?? [])], ['gids', 'uids']);
  });

  it('reports every undefined pool at once', () => {
    assert.throws(
      () => resolveRequirements({ a: ['ports'], b: ['uids', 'mem'] }, resources),
      (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.match(error.message, /instance "a" requires an id from pool "ports"/);
        assert.match(error.message, /instance "b" requires an id from pool "mem"/);
        assert.equal(error.hint, 'defined pools: gids, uids');
        return true;
      },
    );
  });

  it('says so when no pools are defined', () => {
    assert.throws(
      () => resolveRequirements({ a: ['uids'] }, parseIdResources({})),
      (error: unknown) => error instanceof InputError && error.hint === 'the id-resources file defines no pools'
        && /which the id-resources file does not define/.test(error.message),
    );
  });
});
