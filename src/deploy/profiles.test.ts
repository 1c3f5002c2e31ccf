import assert from 'node:assert/strict';
import { lstatSync, mkdtempSync, readlinkSync, symlinkSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { InputError, StoreError } from '../errors.js';
import { removeTree } from '../store/write.js';
import { addGeneration, currentGeneration, failedUnlessCurrent, listGenerations, previousGeneration, removeGeneration, setCurrent } from './profiles.js';

const scratch = mkdtempSync(join(tmpdir(), 'procform-profiles-'));
after(() => removeTree(scratch));
let count = 0;
const freshProfile = (): string => join(scratch, `profile-${++count}`);
const store = (name: string): string => `/srv/pf/store/${name.padEnd(32, '0')}-generation-agnostic`;

/** A profile with generations of store paths a, b, c, … and `current` at the last one. */
const profileWith = (...names: string[]): string => {
  const dir = freshProfile();
  for (const name of names) setCurrent(dir, addGeneration(dir, store(name)));
  return dir;
};

describe('profiles', () => {
  it('has no generations before the first deployment', () => {
    const dir = freshProfile();
    assert.deepEqual(listGenerations(dir), []);
    assert.equal(currentGeneration(dir), null);
  });

  it('numbers generations from 1 and lists them in order with the current one marked', () => {
    const dir = profileWith('a', 'b', 'c');
    const generations = listGenerations(dir);
    assert.deepEqual(generations.map((g) => [g.number, g.path, g.current]), [
      [1, store('a'), false],
      [2, store('b'), false],
      [3, store('c'), true],
    ]);
    assert.ok(generations.every((g) => g.createdAt instanceof Date && !Number.isNaN(g.createdAt.getTime())));
    assert.deepEqual(currentGeneration(dir), { number: 3, path: store('c') });
  });

  it('adds a generation without making it current', () => {
    const dir = profileWith('a');
    assert.equal(addGeneration(dir, store('b')), 2);
    assert.deepEqual(currentGeneration(dir), { number: 1, path: store('a') });
    assert.deepEqual(listGenerations(dir).map((g) => g.current), [true, false]);
  });

  it('does not add a duplicate when the newest generation holds the same store path', () => {
    const dir = profileWith('a', 'b');
    assert.equal(addGeneration(dir, store('b')), 2);
    // Also after a failed switch, where the newest generation never became current.
    assert.equal(addGeneration(dir, store('c')), 3);
    assert.equal(addGeneration(dir, store('c')), 3);
    // An older generation's path is a new deployment and gets a new number.
    assert.equal(addGeneration(dir, store('a')), 4);
    assert.deepEqual(listGenerations(dir).map((g) => g.number), [1, 2, 3, 4]);
  });

  it('continues numbering after the highest generation, also when some were removed', () => {
    const dir = profileWith('a', 'b', 'c');
    removeGeneration(dir, 2);
    assert.equal(addGeneration(dir, store('d')), 4);
    assert.deepEqual(listGenerations(dir).map((g) => g.number), [1, 3, 4]);
  });

  it('moves current atomically: a relative link renamed over the old one, nothing left behind', () => {
    const dir = profileWith('a', 'b');
    setCurrent(dir, 1);
    assert.ok(lstatSync(join(dir, 'current')).isSymbolicLink());
    assert.equal(readlinkSync(join(dir, 'current')), 'generation-1');
    assert.deepEqual(readdirSync(dir).sort(), ['current', 'generation-1', 'generation-2']);
  });

  it('refuses to make an unknown generation current and leaves current alone', () => {
    const dir = profileWith('a', 'b');
    for (const number of [3, 0, -1, 1.5]) {
      assert.throws(() => setCurrent(dir, number), (error: unknown) => error instanceof InputError && /generation .* does not exist/.test(error.message));
    }
    assert.equal(currentGeneration(dir)?.number, 2);
  });

  it('rolls back relative to the current generation, and can switch forward again', () => {
    const dir = profileWith('a', 'b', 'c');
    const rollback = (): number => {
      const previous = previousGeneration(dir);
      setCurrent(dir, previous.number);
      return previous.number;
    };
    assert.equal(rollback(), 2);
    assert.equal(rollback(), 1);
    assert.throws(rollback, (error: unknown) => error instanceof InputError && error.message.startsWith('no generation before 1'));
    assert.equal(currentGeneration(dir)?.number, 1);
    setCurrent(dir, 3);
    assert.deepEqual(currentGeneration(dir), { number: 3, path: store('c') });
    assert.equal(rollback(), 2);
    // Rolling back does not create generations.
    assert.deepEqual(listGenerations(dir).map((g) => g.number), [1, 2, 3]);
  });

  it('skips removed generations when rolling back', () => {
    const dir = profileWith('a', 'b', 'c');
    removeGeneration(dir, 2);
    assert.deepEqual(previousGeneration(dir), { number: 1, path: store('a') });
  });

  it('cannot roll back a profile that was never switched to', () => {
    const dir = freshProfile();
    addGeneration(dir, store('a'));
    assert.throws(() => previousGeneration(dir), /no current generation/);
  });

  it('refuses to remove the current generation or an unknown one', () => {
    const dir = profileWith('a', 'b');
    assert.throws(() => removeGeneration(dir, 2), /current generation .* cannot be removed/);
    assert.throws(() => removeGeneration(dir, 7), InputError);
    removeGeneration(dir, 1);
    assert.deepEqual(listGenerations(dir).map((g) => g.number), [2]);
  });

  it('ignores other files in the profile directory', () => {
    const dir = profileWith('a');
    writeFileSync(join(dir, 'lock'), '1\n');
    writeFileSync(join(dir, 'generation-9'), 'not a link');
    mkdirSync(join(dir, 'generation-x'));
    symlinkSync(store('z'), join(dir, 'generation-01'));
    assert.deepEqual(listGenerations(dir).map((g) => g.number), [1]);
  });

  it('reports a damaged current link', () => {
    const dir = freshProfile();
    mkdirSync(dir);
    symlinkSync('elsewhere', join(dir, 'current'));
    assert.throws(() => currentGeneration(dir), (error: unknown) => error instanceof StoreError && /damaged/.test(error.message));
    const dangling = profileWith('a', 'b');
    removeTree(join(dangling, 'generation-2'));
    assert.throws(() => currentGeneration(dangling), /points to generation 2, which does not exist/);
  });

  it('rejects a relative store path', () => {
    assert.throws(() => addGeneration(freshProfile(), 'store/x'), InputError);
  });
});

describe('failed generations', () => {
  it('a generation a switch failed to bring up is marked, listed as failed and passed over by rollback', async () => {
    const dir = profileWith('a');
    const b = addGeneration(dir, store('b'));
    await assert.rejects(failedUnlessCurrent(dir, b, async () => { throw new Error('did not come up'); }), /did not come up/);
    assert.deepEqual(listGenerations(dir).map((g) => [g.number, g.current, g.failed]), [[1, true, false], [2, false, true]]);
    setCurrent(dir, addGeneration(dir, store('c')));
    assert.deepEqual(previousGeneration(dir), { number: 1, path: store('a') }, 'rollback skips the failed generation 2');
  });

  it('a failed generation that later comes up loses its mark, and removing it removes the mark', async () => {
    const dir = profileWith('a');
    const b = addGeneration(dir, store('b'));
    await assert.rejects(failedUnlessCurrent(dir, b, async () => { throw new Error('no'); }));
    assert.equal(addGeneration(dir, store('b')), b, 'the same build again reuses the number');
    await failedUnlessCurrent(dir, b, async () => setCurrent(dir, b));
    assert.deepEqual(listGenerations(dir).map((g) => g.failed), [false, false]);
    const c = addGeneration(dir, store('c'));
    await assert.rejects(failedUnlessCurrent(dir, c, async () => { throw new Error('no'); }));
    removeGeneration(dir, c);
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.failed')), []);
  });

  it('an error after the generation became current does not mark it', async () => {
    const dir = profileWith('a');
    const b = addGeneration(dir, store('b'));
    await assert.rejects(failedUnlessCurrent(dir, b, async () => { setCurrent(dir, b); throw new Error('later'); }));
    assert.deepEqual(listGenerations(dir).map((g) => g.failed), [false, false]);
  });
});
