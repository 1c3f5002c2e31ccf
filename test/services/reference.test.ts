// The services reference: docs/services.md is what its generator writes from the TSDoc of
// src/services, and the generator documents every argument or says what is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  defaultEntry, defaultOut, projectRoot, regenerateCommand, servicesReference,
} from '../../scripts/services-reference/generate.js';
import { referenceCommand } from '../../scripts/services-reference/command.js';
import { removeTree } from '../../src/store/write.js';

const documented = 'test/fixtures/services-docs/index.ts';
const undocumented = 'test/fixtures/services-docs/undocumented.ts';

/** The lines from `first` up to the next line starting with `end`, exclusive. */
const section = (markdown: string, first: string, end: RegExp): string => {
  const lines = markdown.split('\n');
  const start = lines.indexOf(first);
  assert.notEqual(start, -1, `no line ${first}`);
  const stop = lines.findIndex((line, index) => index > start && end.test(line));
  return lines.slice(start, stop === -1 ? undefined : stop).join('\n').trimEnd();
};

test('docs/services.md is what the generator writes from src/services now (npm run docs:services)', () => {
  const { markdown, problems } = servicesReference(defaultEntry, regenerateCommand(defaultOut, defaultEntry));
  assert.deepEqual(problems, []);
  assert.equal(readFileSync(join(projectRoot, defaultOut), 'utf8'), markdown, 'docs/services.md is out of date: run npm run docs:services');
});

test('a constructor gets its summary, example, signature and a row per argument, nested fields and union variants included', () => {
  const { markdown, problems } = servicesReference(documented, 'regenerate');
  assert.deepEqual(problems, []);
  assert.equal(servicesReference(documented, 'regenerate').markdown, markdown, 'the same source gives the same page');
  assert.ok(markdown.includes("import { web, webTask } from 'procform/services';"));
  assert.equal(section(markdown, '## Contents', /^## /), [
    '## Contents',
    '',
    '- [Constructors](#constructors)',
    '  - [`web`](#web)',
    '  - [`webTask`](#webtask)',
    '- [Helpers](#helpers)',
    '  - [`greeting`](#greeting)',
  ].join('\n'));
  assert.equal(section(markdown, '### `web`', /^#### /), [
    '### `web`',
    '',
    'A web server.',
    '',
    'It serves every site on one port.',
    '',
    '```ts',
    'web(params: ProcessParams, options: WebOptions): ManagedProcess',
    '```',
    '',
    'Example:',
    '',
    '```ts',
    "const server = web(params, { name: 'web', sites: { docs: { kind: 'static', root: '/srv/docs' } } });",
    '```',
    '',
    '`options` (`WebOptions`):',
    '',
    '| Argument | Type | Required | Default | Description |',
    '|---|---|---|---|---|',
    '| `name` | `string` | yes |  | Process name. |',
    '| `port` | `Port` | no | `8080` | The port it listens on. |',
    '| `roles` | `readonly { … }[]` | no | `[]` | Accounts that may log in. |',
    "| `roles[].name` | `string` | yes |  | The account's name. |",
    '| `roles[].login` | `boolean` | no | `false` | Whether it may log in. |',
    '| `sites` | `Readonly<Record<string, Site>>` | yes |  | The virtual hosts, by name. |',
    "| `auth` | `{ … } \\| { … }` | no | `{ kind: 'trust' }` | How clients prove who they are. |",
    '| `readiness` | `ReadinessInput` | no | a TCP connection to `port` | How readiness is known. |',
  ].join('\n'));
  assert.equal(section(markdown, '#### `Site`', /^#### /), [
    '#### `Site`',
    '',
    'What a virtual host serves.',
    '',
    'One of:',
    '',
    '**`StaticSite`**: Files from a directory.',
    '',
    '| Field | Type | Required | Default | Description |',
    '|---|---|---|---|---|',
    "| `kind` | `'static'` | yes |  | Selects this variant. |",
    '| `root` | `string` | yes |  | The directory served. |',
    '| `listing` | `boolean` | no | `false` | Whether a directory without an index lists its files. |',
    '',
    '**`ProxySite`**: Requests passed on to another server.',
    '',
    '| Field | Type | Required | Default | Description |',
    '|---|---|---|---|---|',
    "| `kind` | `'proxy'` | yes |  | Selects this variant. |",
    '| `upstream` | `string` | yes |  | The server\'s address, `host:port`. |',
  ].join('\n'));
  assert.equal(section(markdown, '#### `auth`', /^#+ /), [
    '#### `auth`',
    '',
    'One of:',
    '',
    "**`kind: 'password'`**",
    '',
    '| Field | Type | Required | Default | Description |',
    '|---|---|---|---|---|',
    "| `kind` | `'password'` | yes |  | Selects this variant. |",
    '| `passwordFile` | `string` | yes |  | A file holding the password, read at run time. |',
    '',
    "**`kind: 'trust'`**",
    '',
    '| Field | Type | Required | Default | Description |',
    '|---|---|---|---|---|',
    "| `kind` | `'trust'` | yes |  | Selects this variant. |",
  ].join('\n'));
  assert.equal(section(markdown, '### `webTask`', /^#+ /), [
    '### `webTask`',
    '',
    "A task with the web server's settings, its options an intersection of a mapped type and a literal.",
    '',
    '```ts',
    "webTask(params: ProcessParams, options: Omit<WebOptions, 'sites' | 'roles' | 'auth'> & { … }): ManagedProcess",
    '```',
    '',
    "`options` (`Omit<WebOptions, 'sites' | 'roles' | 'auth'> & { … }`):",
    '',
    '| Argument | Type | Required | Default | Description |',
    '|---|---|---|---|---|',
    '| `name` | `string` | yes |  | Process name. |',
    '| `port` | `Port` | no | `8080` | The port it listens on. |',
    '| `readiness` | `ReadinessInput` | no | a TCP connection to `port` | How readiness is known. |',
    '| `script` | `string` | yes |  | The script it runs. |',
  ].join('\n'));
  assert.equal(section(markdown, '### `greeting`', /^#+ /), [
    '### `greeting`',
    '',
    "A greeting, for a helper's section.",
    '',
    '```ts',
    "greeting(name: string, punctuation: string = '!'): string",
    '```',
    '',
    '| Parameter | Type | Required | Default | Description |',
    '|---|---|---|---|---|',
    '| `name` | `string` | yes |  | who is greeted |',
    "| `punctuation` | `string` | no | `'!'` | what ends it |",
  ].join('\n'));
  // Exported values that are not functions, and types, get no section of their own.
  assert.doesNotMatch(markdown, /### `(GREETING|Port|WebOptions)`/);
});

test('an argument without a description, or an optional one without @default, is reported at its line', () => {
  const { problems } = servicesReference(undocumented, 'regenerate');
  assert.deepEqual(problems.map((problem) => `${problem.at}: ${problem.message}`), [
    `${undocumented}:10: broken: name of BrokenOptions has no description`,
    `${undocumented}:12: broken: port of BrokenOptions is optional and has no @default`,
    `${undocumented}:14: broken: roles[].name of BrokenOptions has no description`,
    `${undocumented}:21: helper has no summary`,
    `${undocumented}:21: helper: parameter label has no description (@param label …)`,
  ]);
});

/** Runs the command in this process, collecting what it reports. */
const run = (args: readonly string[]): { code: number; report: string[] } => {
  const report: string[] = [];
  return { code: referenceCommand(args, (line) => report.push(line)), report };
};

test('the command: --check names the command when the page is stale, writing makes it current, gaps write nothing', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-services-reference-'));
  t.after(() => removeTree(dir));
  const stale = join(dir, 'stale.md');
  const out = relative(projectRoot, stale);
  const command = regenerateCommand(out, documented);
  writeFileSync(stale, 'an old reference\n');
  assert.deepEqual(run(['--check', '--out', stale, join(projectRoot, documented)]), {
    code: 1, report: [`${out} is out of date with the TSDoc of ${documented}: run ${command}`],
  });
  assert.equal(readFileSync(stale, 'utf8'), 'an old reference\n');
  assert.deepEqual(run(['--out', stale, join(projectRoot, documented)]), { code: 0, report: [] });
  assert.equal(readFileSync(stale, 'utf8'), servicesReference(documented, command).markdown);
  assert.deepEqual(run(['--check', '--out', stale, join(projectRoot, documented)]), { code: 0, report: [] });

  const unwritten = join(dir, 'unwritten.md');
  const gaps = run(['--out', unwritten, join(projectRoot, undocumented)]);
  assert.equal(gaps.code, 1);
  assert.equal(gaps.report.length, 6);
  assert.equal(gaps.report[1], `${undocumented}:12: broken: port of BrokenOptions is optional and has no @default`);
  assert.match(gaps.report[5]!, /unwritten\.md is unchanged: .* \(5 missing\)$/);
  assert.equal(existsSync(unwritten), false);
  assert.equal(run(['--check', 'one.ts', 'two.ts']).code, 100);
});

test('the script, as `npm run docs:services -- --check` runs it, passes on the committed page', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/services-reference.ts', '--check'], { cwd: projectRoot, encoding: 'utf8' });
  assert.deepEqual({ code: result.status, stderr: result.stderr }, { code: 0, stderr: '' });
});
