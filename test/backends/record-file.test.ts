// The record file every backend writes into its entries is read back through one checked
// reader: what each backend builds from the examples passes it, and a damaged, foreign or
// missing file is refused with an error that names the file.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BACKENDS } from '../../src/backends/registry.js';
import { parseRecordFile, readRecordFile } from '../../src/deploy/record-file.js';
import { s6RecordFile } from '../../src/backends/s6/record.js';
import { computeBuild } from '../../src/build/build.js';
import { RecordFileError } from '../../src/errors.js';
import { loadDefinition } from '../../src/model/load.js';
import { removeTree } from '../../src/store/write.js';
import { testParams } from '../helpers/params.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const webapps = join(root, 'examples/webapps/processes.ts');
const stack = join(root, 'examples/stack/processes.ts');
/** The webapps example's ids, so that Kubernetes knows its users' uids. */
const { ids } = JSON.parse(readFileSync(join(root, 'examples/webapps/ids.json'), 'utf8')) as { ids: Record<string, Record<string, number>> };
/** Backends that refuse the stack example (a log readiness, SIGINT, a oneshot). */
const REFUSE_STACK = new Set(['s6-rc', 'launchd', 'bsdrc', 'cygrunsrv']);

describe('every record file a backend writes passes its reader', () => {
  for (const backend of BACKENDS.values()) {
    const file = backend.recordFile;
    if (file === undefined) continue;
    for (const model of [webapps, stack]) {
      if (model === stack && REFUSE_STACK.has(backend.name)) continue;
      test(`${backend.name}: ${model.slice(root.length)}`, async () => {
        const result = computeBuild({
          definition: await loadDefinition(model),
          params: testParams('/srv/pf', { processManager: backend.name, ...(model === stack ? { forceDisableUserChange: true } : { ids }) }),
          backend,
          sourceFile: model,
        });
        assert.ok(result.processEntries.size > 0);
        for (const entry of result.processEntries.values()) {
          const node = entry.files.find((f) => f.path === file.name);
          assert.ok(node?.kind === 'file', `${entry.name} has ${file.name}`);
          const text = node.content;
          assert.doesNotThrow(() => parseRecordFile(`${entry.name}/${file.name}`, text, file));
        }
      });
    }
  }
});

test('a record file that is missing, not JSON or of another shape is refused, naming the file', (t) => {
  const entry = mkdtempSync(join(tmpdir(), 'pf-record-file-'));
  t.after(() => removeTree(entry));
  const path = join(entry, s6RecordFile.name);
  const refused = (pattern: RegExp): void => {
    assert.throws(() => readRecordFile(entry, s6RecordFile), (error: unknown) =>
      error instanceof RecordFileError && error.file === path && error.message.includes(path) && pattern.test(error.message));
  };
  refused(/is missing/);
  writeFileSync(path, '{"formatVersion": 1,');
  refused(/is not JSON/);
  writeFileSync(path, JSON.stringify({ formatVersion: 2, instance: 'web' }));
  refused(/formatVersion/);
  writeFileSync(path, JSON.stringify({ formatVersion: 1, instance: 'web', name: 3 }));
  refused(/does not have the shape its backend writes: .*name/);
});

/** An s6 record as the backend writes it. */
const s6Record = {
  formatVersion: 1, instance: 'a', name: 'a', description: 'a', type: 'longrun', mode: 'foreground', command: ['/bin/sleep', '1'],
  pidFile: null, environment: {}, directory: null, umask: null, nice: null, user: null, group: null, initialize: '', stateDirs: [],
  readiness: null, notificationFd: null, restart: { policy: 'always', maxRestarts: 10, delays: [1], resetAfter: 30 },
  downSignal: 'TERM', timeoutKill: 10000, dependencies: [], log: { directory: '/l', maxSize: 1, archives: 1 },
};

test('keys a newer procform adds at the top are let through; the fields themselves are checked', () => {
  const parse = (record: unknown) => parseRecordFile('x/procform.json', JSON.stringify(record), s6RecordFile);
  assert.equal(parse(s6Record).name, 'a');
  assert.doesNotThrow(() => parse({ ...s6Record, addedLater: true }));
  assert.throws(() => parse({ ...s6Record, restart: { ...s6Record.restart, typo: 1 } }), /x\/procform.json does not have the shape .*restart/);
  assert.throws(() => parse({ ...s6Record, readiness: { kind: 'tcp', port: '80' } }), RecordFileError);
});
