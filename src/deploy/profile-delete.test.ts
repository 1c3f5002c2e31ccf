import assert from 'node:assert/strict';
import { lutimesSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { InputError } from '../errors.js';
import { removeTree } from '../store/write.js';
import { deleteGenerations, parseDeleteGenerationsSpec } from './profile-delete.js';
import { addGeneration, generationLinkName, listGenerations, setCurrent } from './profiles.js';

const scratch = mkdtempSync(join(tmpdir(), 'procform-profile-delete-'));
after(() => removeTree(scratch));
let count = 0;
const now = new Date('2025-06-30T12:00:00Z');
const daysAgo = (days: number): Date => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);

/** Generations 1…ages.length created `ages[i]` days before `now`, `current` at `current`. */
const profile = (ages: readonly number[], current: number): string => {
  const dir = join(scratch, `profile-${++count}`);
  ages.forEach((age, index) => {
    const number = addGeneration(dir, `/srv/pf/store/${index}-generation-agnostic`);
    lutimesSync(join(dir, generationLinkName(number)), daysAgo(age), daysAgo(age));
  });
  setCurrent(dir, current);
  return dir;
};
const numbers = (dir: string): number[] => listGenerations(dir).map((g) => g.number);

describe('parseDeleteGenerationsSpec', () => {
  it('reads old, numbers and ages', () => {
    assert.deepEqual(parseDeleteGenerationsSpec('old'), { kind: 'all-but-current' });
    assert.deepEqual(parseDeleteGenerationsSpec('12'), { kind: 'number', number: 12 });
    assert.deepEqual(parseDeleteGenerationsSpec('30d'), { kind: 'older-than', days: 30 });
    assert.deepEqual(parseDeleteGenerationsSpec('0d'), { kind: 'older-than', days: 0 });
  });

  it('rejects anything else', () => {
    for (const text of ['', '0', '-1', '1.5', 'd', '30days', 'all', '+5', ' 3']) {
      assert.throws(() => parseDeleteGenerationsSpec(text), InputError, text);
    }
  });
});

describe('deleteGenerations', () => {
  it('deletes all but the current generation, wherever it is', () => {
    const dir = profile([5, 4, 3, 2], 2);
    assert.deepEqual(deleteGenerations(dir, { kind: 'all-but-current' }, now), [1, 3, 4]);
    assert.deepEqual(numbers(dir), [2]);
  });

  it('deletes one generation by number, but never the current one', () => {
    const dir = profile([3, 2, 1], 3);
    assert.deepEqual(deleteGenerations(dir, { kind: 'number', number: 2 }, now), [2]);
    assert.throws(() => deleteGenerations(dir, { kind: 'number', number: 3 }, now), /current generation/);
    assert.throws(() => deleteGenerations(dir, { kind: 'number', number: 2 }, now), /does not exist/);
    assert.deepEqual(numbers(dir), [1, 3]);
  });

  it('deletes generations older than N days, keeping the current one even if it is older', () => {
    const dir = profile([40, 35, 20, 1], 2);
    assert.deepEqual(deleteGenerations(dir, { kind: 'older-than', days: 30 }, now), [1]);
    assert.deepEqual(numbers(dir), [2, 3, 4]);
    assert.deepEqual(deleteGenerations(dir, parseDeleteGenerationsSpec('10d'), now), [3]);
    assert.deepEqual(numbers(dir), [2, 4]);
  });

  it('deletes nothing from an empty profile', () => {
    assert.deepEqual(deleteGenerations(join(scratch, 'none'), { kind: 'all-but-current' }, now), []);
  });
});
