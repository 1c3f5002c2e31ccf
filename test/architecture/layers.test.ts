// The folders of src/ form layers, and a module may import only from its own folder or
// from a folder below it. This file is where the order is written down; the test reads
// every import in src/ (type-only ones and tests included) and fails on one that runs
// upward or on a cycle between folders, naming each offending import with file:line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * Bottom first. A folder of src/ is named by itself, a file directly in src/ by its file
 * name. render and store are leaves the model itself uses (canonical JSON, the store
 * entries `params.writeFile` makes), so they sit below it.
 */
export const LAYERS: readonly string[] = [
  'errors.ts', // typed errors, shared by everything
  'render', // format helpers: canonical JSON, shell quoting
  'store', // the content-addressed store
  'model', // the processes model: define, normalize, validate
  'generation', // the generation format: document, settings, reading it back
  'services', // service constructors written on the model (procform/services)
  'system', // this machine: accounts, privileges, state dirs, process liveness, trusted paths
  'logs', // log files: writing, rotation, reading the last lines, following
  'probes', // readiness probes (tcp, http, exec) shared by the supervisor and activators
  'ids', // id pools and assignment
  'deploy', // the backend and activator contracts, plans, profiles, accounts, the switch
  'backends', // one folder per process manager, and the registry
  'build', // evaluating a model and rendering it through a backend into the store
  'supervisor', // procform's own supervisor: the daemon behind the embedded backend
  'image', // container images that run a manager with procform
  'import', // reading another tool's description of processes into a model file
  'init', // a first model file, or the import of what another tool describes
  'testing', // procform test: a model deployed on each backend in a sandbox, a tests file run against it
  'cli', // parse, call, print
  'index.ts', // the public API a model file imports
];

const root = fileURLToPath(new URL('../../src/', import.meta.url));

const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
  const path = join(dir, entry.name);
  return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : [];
});

/** The layer unit a path under src/ belongs to: its first folder, or its file name. */
const unitOf = (path: string): string => relative(root, path).split(sep)[0]!;

interface Import {
  readonly from: string;
  readonly to: string;
  /** Where the import is, as file:line from the repository root. */
  readonly at: string;
}

const importsOf = (file: string): Import[] => {
  const text = readFileSync(file, 'utf8');
  const lines = (pos: number): number => text.slice(0, pos).split('\n').length;
  return ts.preProcessFile(text, true, true).importedFiles
    .filter((ref) => ref.fileName.startsWith('.'))
    .map((ref) => ({
      from: unitOf(file),
      to: unitOf(resolve(dirname(file), ref.fileName)),
      at: `${relative(resolve(root, '..'), file)}:${lines(ref.pos)} imports ${ref.fileName}`,
    }))
    .filter((i) => i.from !== i.to);
};

const imports = sources(root).flatMap(importsOf);

test('every folder of src/ has a place in the layer order', () => {
  const units = new Set(sources(root).map(unitOf));
  const missing = [...units].filter((unit) => !LAYERS.includes(unit));
  assert.deepEqual(missing, [], `add these to LAYERS in ${relative(process.cwd(), fileURLToPath(import.meta.url))}`);
});

test('no import runs upward in the layer order', () => {
  const upward = imports.filter((i) => LAYERS.indexOf(i.to) > LAYERS.indexOf(i.from));
  assert.deepEqual(upward.map((i) => `${i.at} (${i.from} is below ${i.to})`), []);
});

test('no two folders import each other, directly or through others', () => {
  const edges = new Map<string, Import[]>();
  for (const i of imports) edges.set(i.from, [...(edges.get(i.from) ?? []), i]);
  // Tarjan's strongly connected components: a component of more than one folder is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (unit: string): void => {
    index.set(unit, index.size);
    low.set(unit, index.get(unit)!);
    stack.push(unit);
    for (const { to } of edges.get(unit) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(unit, Math.min(low.get(unit)!, low.get(to)!));
      } else if (stack.includes(to)) low.set(unit, Math.min(low.get(unit)!, index.get(to)!));
    }
    if (low.get(unit) !== index.get(unit)) return;
    const component: string[] = [];
    for (let top = stack.pop()!; ; top = stack.pop()!) {
      component.push(top);
      if (top === unit) break;
    }
    if (component.length > 1) cycles.push(component);
  };
  for (const unit of edges.keys()) if (!index.has(unit)) visit(unit);
  // Within a cycle, the imports against the layer order are the ones to remove.
  const offending = cycles.flatMap((component) => {
    const inside = imports.filter((i) => component.includes(i.from) && component.includes(i.to));
    const upward = inside.filter((i) => LAYERS.indexOf(i.to) > LAYERS.indexOf(i.from));
    return (upward.length > 0 ? upward : inside).map((i) => `${i.at} (cycle: ${component.join(', ')})`);
  });
  assert.deepEqual(offending, []);
});
