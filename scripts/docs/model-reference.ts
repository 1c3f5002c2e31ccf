/**
 * docs/model.md: every field of the processes model, read from the TSDoc of src/model: an
 * instance, what `createManagedProcess` takes, the parameters a model receives and the
 * files it writes, each optional field with its `@default`, and the types they use.
 * @module
 */
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { fieldRows, type Reading } from '../services-reference/fields.js';
import type { Problem, TypeDoc } from '../services-reference/model.js';
import { compilerOptions } from '../services-reference/read.js';
import { code, table, typeSection } from '../services-reference/render.js';

/** Where the model reference is kept, relative to the project. */
export const MODEL_REFERENCE = 'docs/model.md';

/** The model's own directory: its types are the ones documented. */
const MODEL_DIR = 'src/model';

/** One section of the page: the interface it documents and what comes before its table. */
interface Section {
  readonly title: string;
  readonly file: string;
  readonly type: string;
  readonly lead: readonly string[];
}

const SECTIONS: readonly Section[] = [
  {
    title: 'Instances',
    file: 'src/model/define-processes.ts',
    type: 'Instance',
    lead: [
      'A model file\'s default export is `defineProcesses(params => instances)`. Each instance',
      'is an object with a `pkg`, made by `createManagedProcess`, and any metadata other',
      'instances or tools read; keys besides these are kept as they are.',
    ],
  },
  {
    title: '`createManagedProcess`',
    file: 'src/model/process-input.ts',
    type: 'ManagedProcessInput',
    lead: [
      'Every field is optional. A field left out takes its default, which may depend on other',
      'fields (`daemonArgs` on `args`) or on the parameters (`pidFile` on `runtimeDir`).',
    ],
  },
  {
    title: 'Parameters',
    file: 'src/model/params.ts',
    type: 'ProcessParams',
    lead: [
      'What the model function receives. The directories come from the command line, the',
      'environment or these defaults ([Parameters](../README.md#parameters)); keys of',
      '`--extra-params` are spread into `params` as well.',
    ],
  },
  {
    title: '`params.writeFile`',
    file: 'src/model/params.ts',
    type: 'WriteFileInput',
    lead: ['Writes a file into a store entry of its own and returns its path.'],
  },
];

/** Model types that stay names: a managed process is what `createManagedProcess` returns, ids are a map. */
const OPAQUE: ReadonlySet<string> = new Set(['ManagedProcess', 'Ids']);

const anchorOf = (title: string): string => `#${title.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-')}`;

/**
 * The page, and what the model's documentation lacks: a field without a description, an
 * optional one without `@default`. The page is written only when there is nothing.
 * @param root the project's directory, holding tsconfig.json
 * @param command the command that regenerates the page, named in it
 */
export const modelReference = (root: string, command: string): { markdown: string; problems: Problem[] } => {
  const files = [...new Set(SECTIONS.map((section) => resolve(root, section.file)))];
  const program = ts.createProgram(files, compilerOptions(root));
  const checker = program.getTypeChecker();
  const problems: Problem[] = [];
  // Shared, so that a type is described once, after the first table that uses it.
  const types: TypeDoc[] = [];
  const sections = SECTIONS.map((section) => {
    const source = program.getSourceFile(resolve(root, section.file));
    const declaration = source?.statements.find((statement): statement is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(statement) && statement.name.text === section.type);
    if (declaration === undefined) throw new Error(`${section.file} declares no interface ${section.type}`);
    const reading: Reading = { checker, libraryDir: join(root, MODEL_DIR), root, owner: section.type, types, problems, opaque: OPAQUE };
    const known = types.length;
    const rows = fieldRows(checker.getTypeAtLocation(declaration.name), '', section.type, reading);
    return { section, rows, types: types.slice(known) };
  });
  const lines = [
    '# The processes model',
    '',
    `<!-- Generated from the TSDoc of ${MODEL_DIR} by \`${command}\`. Edit the TSDoc, then run it again. -->`,
    '',
    'Every field a processes model can set, with its type, whether it is required, its default',
    'and its meaning, as the model\'s types declare them. The [README](../README.md#the-processes-model)',
    'shows how they fit together; the constructors of `procform/services` are in',
    '[services.md](services.md).',
    '',
    '## Contents',
    '',
    ...sections.map(({ section }) => `- [${section.title}](${anchorOf(section.title)})`),
    '',
    ...sections.flatMap(({ section, rows, types: used }) => [
      `## ${section.title}`,
      '',
      ...section.lead,
      '',
      `${code(section.type)}:`,
      '',
      ...table(rows, 'Field'),
      '',
      ...used.flatMap(typeSection),
    ]),
  ];
  return { markdown: `${lines.join('\n').trimEnd()}\n`, problems };
};
