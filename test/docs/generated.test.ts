// Generated documents: the committed README tables, docs/model.md and docs/services.md are
// what `npm run docs` writes from the source now, and the generators say what they lack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { Backend } from '../../src/deploy/backend.js';
import { backendTables } from '../../scripts/docs/backend-tables.js';
import { DOCS_COMMAND, documents, isCurrent } from '../../scripts/docs/documents.js';
import { MODEL_REFERENCE } from '../../scripts/docs/model-reference.js';
import { projectRoot } from '../../scripts/services-reference/generate.js';

const generated = documents();

test('every generated document is current (npm run docs regenerates them)', () => {
  for (const document of generated) {
    assert.deepEqual(document.problems, [], `${document.path} cannot be generated`);
    assert.ok(isCurrent(document), `${document.path} is out of date: run ${DOCS_COMMAND}`);
  }
});

test('docs/model.md gives every field its default, the ones the README leaves open too', () => {
  const model = generated.find((document) => document.path === MODEL_REFERENCE)!.content;
  const rowOf = (field: string): string => {
    const line = model.split('\n').find((candidate) => candidate.startsWith(`| \`${field}\` |`));
    assert.ok(line !== undefined, `a row for ${field}`);
    return line;
  };
  for (const field of ['process', 'umask', 'nice', 'user', 'stateVersion', 'backoff', 'policy', 'stateDirs[].user', 'inputs[].ignore', 'stopTimeout']) {
    const [, , required, fallback] = rowOf(field).split(/ \| /);
    assert.equal(required, 'no', field);
    assert.notEqual(fallback?.trim(), '', `${field} has a default`);
    assert.notEqual(fallback?.trim(), 'unset', `${field} says what it defaults to`);
  }
  assert.match(rowOf('policy'), /"on-failure"` for a oneshot/);
  assert.match(rowOf('backoff'), /initial: 1, factor: 2, max: 30, resetAfter: 30/);
  assert.match(model, /#### `BackoffInput`/);
  assert.match(model, /\*\*`NotifyReadiness`\*\*/);
});

/** A backend declaration with only what the tables read. */
const backend = (name: string, facts: Partial<Backend> = {}): Backend => ({
  name: name as Backend['name'], summary: `${name} files`, limitations: [], tested: `${name} tested`,
  entryName: () => name, translate: () => ({}), render: () => [], ...facts,
});

const fakes = [
  backend('s6', { support: { dependencies: 'start order', logs: 's6-log' }, limitations: [{ feature: 'notify', reason: 'none | here' }], activator: {} as Backend['activator'] }),
  backend('runit', { support: { logs: 'svlogd', nice: '`chpst -n`' } }),
  backend('agnostic'),
];

test('the backend tables: one row per backend, features × the named backends, every limitation', () => {
  const readme = [
    'intro',
    '<!-- generated: backends overview -->',
    'stale',
    '<!-- end generated -->',
    'between',
    '<!-- generated: backends support s6 runit -->',
    '<!-- end generated -->',
    '<!-- generated: backends limitations -->',
    '<!-- end generated -->',
    'after',
  ].join('\n');
  const { text, problems } = backendTables(readme, fakes, 'regenerate');
  assert.deepEqual(problems, []);
  assert.equal(backendTables(text, fakes, 'regenerate').text, text, 'writing it again changes nothing');
  const lines = text.split('\n');
  assert.deepEqual(lines.slice(0, 2), ['intro', '<!-- generated: backends overview -->']);
  assert.ok(!lines.includes('stale'));
  assert.ok(lines.includes('| `s6` | s6 files | yes | s6 tested | 1 |'));
  assert.ok(lines.includes('| `runit` | runit files | no: files only | runit tested | 0 |'));
  assert.deepEqual(lines.slice(lines.indexOf('| feature | s6 | runit |'), lines.indexOf('| feature | s6 | runit |') + 6), [
    '| feature | s6 | runit |',
    '|---|---|---|',
    '| tested here | s6 tested | runit tested |',
    '| dependencies | start order | — |',
    '| nice | — | `chpst -n` |',
    '| logs | s6-log | svlogd |',
  ]);
  assert.ok(lines.includes('- **notify**: none | here'));
  assert.ok(text.endsWith('<!-- end generated -->\nafter'));
});

test('the backend tables refuse unknown tables and backends, an open region, and support no table shows', () => {
  const { problems } = backendTables([
    '<!-- generated: backends support s6 sysv -->',
    '<!-- end generated -->',
    '<!-- generated: backends matrix -->',
    '<!-- end generated -->',
    '<!-- generated: backends overview -->',
  ].join('\n'), fakes, 'regenerate');
  assert.deepEqual(problems, [
    'line 1: no backend sysv',
    'line 3: no table "matrix" (overview, support or limitations)',
    'line 5: "<!-- generated: backends overview -->" has no "<!-- end generated -->" after it',
    'the support of runit is in no "generated: backends support" table',
  ]);
});

test('the script, as `npm run docs -- --check` runs it, passes on the committed documents', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/docs.ts', '--check'], { cwd: projectRoot, encoding: 'utf8' });
  assert.deepEqual({ code: result.status, stderr: result.stderr }, { code: 0, stderr: '' });
});
