import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from '../render/json.js';
import { file, link, type FileSet } from '../store/file-set.js';
import { changeItems, diffEntries, MAX_KEYS, MAX_SHOWN } from './entry-diff.js';
import { planChanges } from './plan-changes.js';
import { computePlan } from './plan.js';

const OLD = '/store/aaaa-web';
const NEW = '/store/bbbb-web';

/** A docker-like record that names its own entry, as real ones do. */
const record = (self: string, changes: Record<string, unknown> = {}): string => canonicalJson({
  image: 'debian:bookworm-slim', network: 'procform',
  command: [`${self}/run`, '/srv/web', '--port', '5000'],
  environment: { PORT: '5000', MODE: 'x' },
  labels: { 'io.procform.entry': self },
  mounts: { '/srv': { source: '/srv', readOnly: false } },
  ...changes,
});

const entry = (path: string, files: FileSet) => ({ path, files });

describe('diffEntries', () => {
  it('names the changed key paths of a JSON record, not the entry\'s own path', () => {
    const change = diffEntries(
      entry(OLD, [file('container.json', record(OLD))]),
      entry(NEW, [file('container.json', record(NEW, { image: 'my/app:2', network: 'host', environment: { PORT: '5001', MODE: 'x' } }))]),
    );
    assert.deepEqual(change, { added: [], removed: [], changed: ['container.json'], keys: ['environment.PORT', 'image', 'network'], moreKeys: 0 });
    assert.deepEqual(changeItems(change), ['environment.PORT', 'image', 'network']);
  });

  it('entries that differ only in their own path are equal', () => {
    const change = diffEntries(entry(OLD, [file('container.json', record(OLD)), file('run', `#!/bin/sh\nexec ${OLD}/x\n`, true)]), entry(NEW, [file('container.json', record(NEW)), file('run', `#!/bin/sh\nexec ${NEW}/x\n`, true)]));
    assert.deepEqual([change.added, change.removed, change.changed, change.keys], [[], [], [], []]);
  });

  it('keys on one side only, arrays of other lengths, odd keys and whole files', () => {
    const before = canonicalJson({ env: { A: '1' }, argv: ['a', 'b'], list: [1, 2], labels: { 'io.x': 'a' }, nested: { deep: { x: 1 } } });
    const after = canonicalJson({ env: { B: '1' }, argv: ['a', 'c'], list: [1, 2, 3], labels: { 'io.x': 'b' }, nested: { deep: { x: 2 } } });
    const change = diffEntries(entry(OLD, [file('r.json', before), file('conf', 'a\n'), file('gone', ''), link('l', '/x')]), entry(NEW, [file('r.json', after), file('conf', 'b\n'), file('new', ''), link('l', '/y')]));
    assert.deepEqual(change.keys, ['argv[1]', 'env.A', 'env.B', 'labels["io.x"]', 'list', 'nested.deep.x']);
    assert.deepEqual([change.added, change.removed, change.changed], [['new'], ['gone'], ['conf', 'l', 'r.json']]);
    assert.deepEqual(changeItems(change), ['argv[1]', 'env.A', 'env.B', 'labels["io.x"]', 'list', 'nested.deep.x', '4 more'], 'conf, l, +new and -gone are left out');
    // A JSON file that does not parse, or changed only in formatting, is named as a whole.
    assert.deepEqual(diffEntries(entry(OLD, [file('a.json', '{"x":1}')]), entry(NEW, [file('a.json', '{"x": 1}')])).keys, ['a.json']);
    assert.deepEqual(diffEntries(entry(OLD, [file('a.json', '{')]), entry(NEW, [file('a.json', '{}')])).keys, ['a.json']);
    assert.deepEqual(diffEntries(entry(OLD, [file('a.json', '1')]), entry(NEW, [file('a.json', '2')])).keys, ['a.json']);
    // Only the executable bit.
    assert.deepEqual(diffEntries(entry(OLD, [file('run', 'x')]), entry(NEW, [file('run', 'x', true)])).changed, ['run']);
  });

  it('stays bounded: a limited list of key paths, a few items per line, each shortened', () => {
    const wide = (value: number) => canonicalJson(Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${String(i).padStart(2, '0')}`, value])));
    const change = diffEntries(entry(OLD, [file('r.json', wide(1))]), entry(NEW, [file('r.json', wide(2))]));
    assert.equal(change.keys.length, MAX_KEYS);
    assert.equal(change.moreKeys, 80 - MAX_KEYS);
    const items = changeItems(change);
    assert.equal(items.length, MAX_SHOWN + 1);
    assert.equal(items.at(-1), `${80 - MAX_SHOWN} more`);
    const long = 'x'.repeat(5000);
    const [item] = changeItems(diffEntries(entry(OLD, [file('r.json', canonicalJson({ [long]: 1 }))]), entry(NEW, [file('r.json', canonicalJson({ [long]: 2 }))])));
    assert.ok(item!.length <= 60 && item!.endsWith('…'), item);
  });
});

describe('planChanges', () => {
  it('compares the entries of the processes planned as changed, and only those', () => {
    const units = (web: string) => [{ instance: 'db', entry: '/store/dddd-db', dependencies: [] }, { instance: 'web', entry: web, dependencies: ['db'] }];
    const previous = units(OLD);
    const next = units(NEW);
    const store: Record<string, FileSet> = {
      [OLD]: [file('container.json', record(OLD))],
      [NEW]: [file('container.json', record(NEW, { image: 'my/app:2' }))],
    };
    const plan = computePlan(previous, next, new Set(['db', 'web']));
    const read = (path: string): FileSet => {
      if (store[path] === undefined) throw new Error(`no ${path}`);
      return store[path]!;
    };
    assert.deepEqual(Object.keys(planChanges(plan, previous, next, read)), ['web']);
    assert.deepEqual(planChanges(plan, previous, next, read).web!.keys, ['image']);
    // An old entry gone from the store: nothing to compare, no error.
    delete store[OLD];
    assert.deepEqual(planChanges(plan, previous, next, read), {});
  });
});
