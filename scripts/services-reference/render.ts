/**
 * The reference as Markdown: an introduction, contents, then one section per function with
 * a table of its arguments and a subsection per library type they use.
 * @module
 */
import type { FunctionDoc, Row, TypeDoc } from './model.js';

/** Inline code, with a fence long enough for backticks inside. */
export const code = (text: string): string => {
  const fence = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  return fence.length > 1 ? `${fence} ${text} ${fence}` : `\`${text}\``;
};

/** A table cell: one line, pipes escaped (GitHub tables split on them even inside code). */
const cell = (text: string): string => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

/** A default that is a value (`"/"`, `[]`, `10`) is shown as code; one in words is shown as written. */
const defaultCell = (row: Row): string => {
  if (row.default === undefined) return row.optional ? 'unset' : '';
  return /^(["'[{]|-?\d+(\.\d+)?$|true$|false$|null$)/.test(row.default) && !row.default.includes('`') ? code(row.default) : row.default;
};

/** A table of rows; `first` heads the name column ("Argument", "Field"). */
export const table = (rows: readonly Row[], first: string): string[] => [
  `| ${first} | Type | Required | Default | Description |`,
  '|---|---|---|---|---|',
  ...rows.map((row) => `| ${cell(code(row.name))} | ${cell(code(row.type))} | ${row.optional ? 'no' : 'yes'} | ${cell(defaultCell(row))} | ${cell(row.description)} |`),
];

const fenced = (text: string): string[] => (text.trimStart().startsWith('```') ? [text.trim()] : ['```ts', text.trim(), '```']);

/** The subsection of a library type: its table, or one per variant of a union. */
export const typeSection = (type: TypeDoc): string[] => [
  `#### ${code(type.name)}`,
  '',
  ...(type.description === undefined ? [] : [type.description, '']),
  ...(type.variants.length === 1
    ? [...table(type.variants[0]!.rows, 'Field'), '']
    : ['One of:', '', ...type.variants.flatMap((variant) => [
      `**${code(variant.label ?? '')}**${variant.description === undefined ? '' : `: ${variant.description}`}`,
      '',
      ...table(variant.rows, 'Field'),
      '',
    ])]),
];

const functionSection = (fn: FunctionDoc): string[] => [
  `### ${code(fn.name)}`,
  '',
  fn.summary,
  '',
  ...fenced(fn.signature),
  '',
  ...(fn.example === undefined ? [] : ['Example:', '', ...fenced(fn.example), '']),
  ...(fn.parameters.length === 0 ? [] : [...table(fn.parameters, 'Parameter'), '']),
  ...fn.objects.flatMap((object) => [`${code(object.parameter)} (${code(object.type)}):`, '', ...table(object.rows, 'Argument'), '']),
  ...fn.types.flatMap(typeSection),
];

/** GitHub's anchor for a heading that is one code span. */
export const anchor = (name: string): string => `#${name.toLowerCase().replace(/[^a-z0-9_-]/g, '')}`;

/**
 * The whole page.
 * @param intro the introduction, given the names of the constructors
 */
export const renderReference = (functions: readonly FunctionDoc[], intro: (constructors: readonly string[]) => string[]): string => {
  const groups = [
    { title: 'Constructors', lead: [], functions: functions.filter((fn) => fn.constructs) },
    { title: 'Helpers', lead: ['For constructors of your own, written the way the ones above are.', ''], functions: functions.filter((fn) => !fn.constructs) },
  ].filter((group) => group.functions.length > 0);
  const lines = [
    ...intro(groups[0]?.title === 'Constructors' ? groups[0].functions.map((fn) => fn.name) : []),
    '',
    '## Contents',
    '',
    ...groups.flatMap((group) => [
      `- [${group.title}](${anchor(group.title)})`,
      ...group.functions.map((fn) => `  - [${code(fn.name)}](${anchor(fn.name)})`),
    ]),
    '',
    ...groups.flatMap((group) => [`## ${group.title}`, '', ...group.lead, ...group.functions.flatMap(functionSection)]),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
};
