// Hostile names and values through an import: every argument and environment value of a
// compose file (which can carry any string) must reach the built generation exactly, and
// a name procform does not allow becomes a valid instance name, with the model valid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { procform } from '../helpers/cli.js';
import { HOSTILE_ENVIRONMENT, HOSTILE_VALUES } from '../conformance/hostile.js';
import { PRINT_ENV } from './round-trip.js';

const EXTRA = ['*/ not the end of a comment', 'line\u2028separator', 'paragraph\u2029separator', '\u0000'.slice(1), 'carriage\rreturn', '</script>', "'); process.exit(1); ('"];

test('hostile arguments, environment values and names reach the generation exactly', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-import-hostile-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const values = [...HOSTILE_VALUES, ...EXTRA];
  const environment = { ...HOSTILE_ENVIRONMENT, ...Object.fromEntries(EXTRA.map((v, i) => [`EXTRA_${i}`, v])) };
  const name = 'web "quoted" $x */ \u2028 é';
  // compose interpolates $ in values: a literal one is written $$.
  const literal = (v: string): string => v.replaceAll('$', '$$$$');
  const service = { command: [PRINT_ENV, ...values.map(literal)], environment: Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, literal(v)])), working_dir: dir };
  writeFileSync(join(dir, 'compose.yaml'), stringify({ services: { [name]: service, plain: { command: [PRINT_ENV, 'x'], working_dir: dir, depends_on: [literal(name)] } } }));
  const imported = procform(['import', 'compose.yaml', '--json'], { cwd: dir });
  assert.equal(imported.code, 0, imported.stderr);
  const summary = JSON.parse(imported.stdout) as { processes: string[] };
  assert.deepEqual(summary.processes, ['web-quoted-x', 'plain']);

  const built = procform(['build', '--json', '--state-dir', join(dir, 'state'), '--force-disable-user-change'], { cwd: dir });
  assert.equal(built.code, 0, built.stderr);
  const entries = (JSON.parse(built.stdout) as { processes: { instance: string; entry: string }[] }).processes;
  const web = JSON.parse(readFileSync(join(entries.find((p) => p.instance === 'web-quoted-x')!.entry, 'service.json'), 'utf8')) as { command: string[]; environment: Record<string, string> };
  assert.deepEqual(web.command, [PRINT_ENV, ...values]);
  assert.deepEqual(web.environment, environment);
  const plain = JSON.parse(readFileSync(join(entries.find((p) => p.instance === 'plain')!.entry, 'service.json'), 'utf8')) as { dependencies: string[] };
  assert.deepEqual(plain.dependencies, ['web-quoted-x']);
});
