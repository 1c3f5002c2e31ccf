/**
 * Writes an imported system as a `processes.ts` a person would have written: one
 * `createManagedProcess` per process, dependencies as references to other instances,
 * paths inside the model's directory relative to it, and every note as a comment next
 * to the process it is about. Values go through `quote.ts` and nothing else.
 * @module
 */
import { isAbsolute, relative } from 'node:path';
import { comment, literal, member, optionalMember, propertyKey, scalar, type Literal } from './quote.js';
import { declarationOrder } from './order.js';
import { variableName } from './names.js';
import type { ImportedProcess, ImportedSystem, Note } from './types.js';

/** The contents of an ids file (`procform ids`'s format). */
export interface IdsFile {
  readonly ids: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly lastAssignments: Readonly<Record<string, number>>;
}

/** What `writeModel` produces. */
export interface WrittenModel {
  /** The text of `processes.ts`. */
  readonly model: string;
  /** The ids file to write beside it, when the importer assigned ports. */
  readonly ids?: IdsFile;
}

/** The id pool assigned ports are recorded in. */
export const PORT_POOL = 'ports';

const SOURCE_NAMES: Record<ImportedSystem['format'], string> = {
  procfile: 'a Procfile (foreman, overmind, honcho, Heroku)',
  'process-compose': 'a process-compose file',
  compose: 'a docker compose file',
  pm2: 'a PM2 ecosystem file',
  supervisord: 'a supervisord configuration',
  systemd: 'systemd units',
};

const INDENT = '      ';

/** Writes paths inside `dir` relative to the model file's directory (`here`). */
const pathWriter = (dir: string) => (path: string): string => {
  const rel = relative(dir, path);
  if (rel === '') return 'here';
  return rel.startsWith('..') || isAbsolute(rel) ? scalar(path) : `join(here, ${scalar(rel)})`;
};

const noteText = (note: Note): string => `${note.field}: ${note.message}`;

const processFields = (p: ImportedProcess, context: { path: (p: string) => string; dir: string; reference: (dep: string) => string; portVariable?: string }): string[] => {
  const fields: string[] = [];
  const add = (key: string, code: string): void => void fields.push(`${propertyKey(key)}: ${code}`);
  const value = (v: Literal): string => literal(v, INDENT);
  const pathLike = (arg: string): string => (isAbsolute(arg) && arg.startsWith(`${context.dir}/`) ? context.path(arg) : scalar(arg));
  if (p.description !== undefined) add('description', value(p.description));
  // foregroundProcess, not process: a process seeds daemon mode too, which managers that prefer it would use.
  add(p.daemon ? 'daemon' : 'foregroundProcess', pathLike(p.command.executable));
  if (p.command.args.length > 0) {
    const args = p.command.args.map(pathLike);
    const flat = `[${args.join(', ')}]`;
    add(p.daemon ? 'daemonArgs' : 'args', flat.length <= 90 ? flat : `[\n${args.map((a) => `${INDENT}  ${a},\n`).join('')}${INDENT}]`);
  }
  if (p.type !== undefined) add('type', value(p.type));
  if (p.directory !== undefined) add('directory', context.path(p.directory));
  if (p.user !== undefined) add('user', value(p.user));
  const environment = new Map(p.environment);
  if (environment.size > 0) {
    const entries = [...environment].map(([k, v]) => `${propertyKey(k)}: ${context.portVariable !== undefined && k === 'PORT' && v === String(p.port) ? context.portVariable : scalar(v)}`);
    const flat = `{ ${entries.join(', ')} }`;
    add('environment', flat.length <= 90 ? flat : `{\n${entries.map((e) => `${INDENT}  ${e},\n`).join('')}${INDENT}}`);
  }
  if (p.envFiles.length > 0) {
    // envFiles are relative to the model file, like the source's to its own file.
    add('envFiles', value(p.envFiles.map((f) => (relative(context.dir, f).startsWith('..') ? relative(context.dir, f) : `./${relative(context.dir, f)}`))));
  }
  if (p.dependencies.length > 0) add('dependencies', `[${p.dependencies.map(context.reference).join(', ')}]`);
  if (p.readiness !== undefined) add('readiness', value(p.readiness as unknown as Literal));
  if (p.restart !== undefined) add('restart', value(p.restart as unknown as Literal));
  if (p.stopSignal !== undefined) add('stopSignal', value(p.stopSignal));
  if (p.stopTimeout !== undefined) add('stopTimeout', value(p.stopTimeout));
  if (p.startTimeout !== undefined) add('startTimeout', value(p.startTimeout));
  if (p.umask !== undefined) add('umask', value(p.umask));
  if (p.nice !== undefined) add('nice', value(p.nice));
  if (p.pidFile !== undefined) add('pidFile', context.path(p.pidFile));
  return fields;
};

/**
 * The generated model for `system`, to be written into `modelDir` (absolute): paths
 * below that directory are written relative to it.
 */
export const writeModel = (system: ImportedSystem, modelDir: string): WrittenModel => {
  const { ordered, forward } = declarationOrder(system.processes);
  const variables = new Map<string, string>();
  const taken = new Set<string>();
  for (const p of ordered) {
    const name = variableName(p.instance, taken);
    taken.add(name);
    variables.set(p.instance, name);
  }
  const path = pathWriter(modelDir);
  const ports = new Map(ordered.filter((p) => p.assignedPort && p.port !== undefined).map((p) => [p.instance, p.port!]));
  const uses = { here: false, join: false };
  const trackedPath = (p: string): string => {
    const code = path(p);
    uses.here ||= code.startsWith('here') || code.startsWith('join(here');
    uses.join ||= code.startsWith('join(here');
    return code;
  };
  const body: string[] = [];
  for (const p of ordered) {
    const variable = variables.get(p.instance)!;
    const portVariable = ports.has(p.instance) ? `${variable}Port` : undefined;
    if (portVariable) body.push(`  const ${portVariable} = params.ids${member(PORT_POOL)}${optionalMember(p.instance)} ?? ${scalar(p.port!)};\n`);
    const notes = system.notes.filter((n) => n.instance === p.instance);
    const fields = processFields(p, {
      path: trackedPath, dir: modelDir, portVariable,
      reference: (dep) => (forward.get(p.instance)?.has(dep) || !variables.has(dep) ? scalar(dep) : `${variables.get(dep)}.pkg`),
    });
    const instanceKey = p.instance === variable ? '' : ` // instance ${scalar(p.instance)}`;
    body.push(`  const ${variable} = {${instanceKey}\n    pkg: createManagedProcess({\n`);
    for (const note of notes) body.push(comment(`not imported: ${noteText(note)}`, INDENT));
    body.push(fields.map((f) => `${INDENT}${f},\n`).join(''));
    body.push('    }),\n');
    if (p.port !== undefined) body.push(`    port: ${portVariable ?? scalar(p.port)},\n`);
    if (portVariable) body.push(`    requiresUniqueIdsFor: [${scalar(PORT_POOL)}],\n`);
    body.push('  };\n');
  }
  const entries = ordered.map((p) => (variables.get(p.instance) === p.instance ? p.instance : `${propertyKey(p.instance)}: ${variables.get(p.instance)}`));
  const returned = `{ ${entries.join(', ')} }`;
  body.push(`  return ${returned.length <= 90 ? returned : `{\n${entries.map((e) => `    ${e},\n`).join('')}  }`};\n`);
  const globalNotes = system.notes.filter((n) => n.instance === undefined);
  const head: string[] = [
    '/**\n',
    ` * Processes imported from ${SOURCE_NAMES[system.format]} by \`procform import\`.\n`,
    ' * Comments marked "not imported" are what the source says that this model does not do.\n',
    ' * @module\n',
    ' */\n',
    comment(`source: ${relative(modelDir, system.source) || system.source}`),
  ];
  if (uses.here) head.push(`import { ${uses.join ? 'dirname, join' : 'dirname'} } from 'node:path';\nimport { fileURLToPath } from 'node:url';\n`);
  head.push("import { createManagedProcess, defineProcesses } from 'procform';\n\n");
  if (uses.here) head.push('// Paths are taken from the directory of this file, as the source took them from its own.\nconst here = dirname(fileURLToPath(import.meta.url));\n\n');
  for (const note of globalNotes) head.push(comment(`not imported: ${noteText(note)}`));
  if (globalNotes.length > 0) head.push('\n');
  const model = `${head.join('')}export default defineProcesses((${ports.size > 0 ? 'params' : ''}) => {\n${body.join('')}});\n`;
  if (ports.size === 0) return { model };
  const assigned = Object.fromEntries([...ports].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { model, ids: { ids: { [PORT_POOL]: assigned }, lastAssignments: { [PORT_POOL]: Math.max(...ports.values()) } } };
};
