import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { StoreError } from '../errors.js';
import { removeTree } from '../store/write.js';
import { readGeneration } from './read.js';

const fixture = fileURLToPath(new URL('../../test/fixtures/deploy/generation-webapps', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'procform-generation-file-'));
after(() => removeTree(scratch));

let count = 0;
/** A generation directory holding `text` as its generation.json. */
const generationWith = (text: string): string => {
  const dir = join(scratch, `gen-${++count}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'generation.json'), text);
  return dir;
};
const valid = (): Record<string, unknown> => JSON.parse(readFileSync(join(fixture, 'generation.json'), 'utf8'));
const withChange = (change: (doc: Record<string, unknown>) => void): string => {
  const doc = valid();
  change(doc);
  return generationWith(JSON.stringify(doc));
};
const rejects = (path: string, message: RegExp): void => {
  assert.throws(() => readGeneration(path), (error: unknown) => {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    assert.match(error.message, message);
    assert.match(error.message, new RegExp(path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    return true;
  });
};

describe('readGeneration', () => {
  it('reads a generation written by a build', () => {
    const doc = readGeneration(fixture);
    assert.equal(doc.backend, 'agnostic');
    assert.equal(doc.settings.storeDir, '/srv/pf/store');
    assert.deepEqual(doc.processes.map((p) => p.instance), ['webapp', 'nginx']);
    assert.deepEqual(doc.metadata.webapp, { dnsName: 'app.local', port: 5000 });
  });

  it('fills in optional metadata and files', () => {
    const doc = readGeneration(withChange((d) => {
      delete d.metadata;
      delete d.files;
    }));
    assert.deepEqual(doc.metadata, {});
    assert.deepEqual(doc.files, []);
  });

  it('explains a missing or unparsable document', () => {
    rejects(join(scratch, 'nowhere'), /no generation\.json/);
    rejects(generationWith('{"formatVersion": 1,'), /not JSON/);
    rejects(generationWith('[]'), /not a JSON object/);
  });

  const problems: [string, (d: Record<string, unknown>) => void, RegExp][] = [
    ['an unknown format version', (d) => { d.formatVersion = 2; }, /formatVersion 2 is not supported/],
    ['a missing format version', (d) => { delete d.formatVersion; }, /formatVersion undefined/],
    ['an empty backend', (d) => { d.backend = ''; }, /"backend" must be a non-empty string/],
    ['missing settings', (d) => { delete d.settings; }, /"settings" must be an object/],
    ['a bad setting', (d) => { (d.settings as Record<string, unknown>).logDir = 3; }, /settings\.logDir/],
    ['a bad user-change flag', (d) => { (d.settings as Record<string, unknown>).forceDisableUserChange = 'no'; }, /forceDisableUserChange/],
    ['processes that are not an array', (d) => { d.processes = {}; }, /"processes" must be an array/],
    ['a process that is not an object', (d) => { d.processes = [1]; }, /processes\[0\] must be an object/],
    ['a process without an entry', (d) => { delete (d.processes as Record<string, unknown>[])[1]!.entry; }, /processes\[1\]\.entry/],
    ['a relative entry', (d) => { (d.processes as Record<string, unknown>[])[0]!.entry = 'store/x'; }, /processes\[0\]\.entry must be an absolute/],
    ['bad dependencies', (d) => { (d.processes as Record<string, unknown>[])[1]!.dependencies = 'webapp'; }, /processes\[1\]\.dependencies/],
    ['an unknown dependency', (d) => { (d.processes as Record<string, unknown>[])[1]!.dependencies = ['db']; }, /"nginx" depends on "db"/],
    ['a duplicate instance', (d) => { (d.processes as Record<string, unknown>[])[1]!.instance = 'webapp'; }, /"webapp" is listed twice/],
    ['bad metadata', (d) => { d.metadata = []; }, /"metadata" must be an object/],
    ['bad files', (d) => { d.files = [1]; }, /"files" must be an array/],
  ];
  for (const [name, change, message] of problems) {
    it(`rejects ${name}`, () => rejects(withChange(change), message));
  }
});
