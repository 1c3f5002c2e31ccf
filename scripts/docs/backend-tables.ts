/**
 * The README's backend tables, from each backend's declaration: its summary, whether it has
 * an activator, how far it is tested, how it does each feature (`support`) and what it
 * cannot do (`limitations`). The README marks where each goes:
 *
 *     <!-- generated: backends overview -->            every backend, one row each
 *     <!-- generated: backends support NAME… -->       features × the backends named
 *     <!-- generated: backends limitations -->         every limitation, with its reason
 *     <!-- end generated -->                           closes each of them
 * @module
 */
import type { Backend } from '../../src/deploy/backend.js';
import { DEFAULT_BACKEND } from '../../src/backends/registry.js';
import { SUPPORT_FEATURES } from '../../src/deploy/support.js';

const BEGIN = /^<!-- generated: backends (\S+)((?: [\w-]+)*) -->$/;
const END = '<!-- end generated -->';

/** A table cell: one line, pipes escaped. */
const cell = (text: string): string => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

const row = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;

const header = (cells: readonly string[]): string[] => [row(cells), `|${cells.map(() => '---').join('|')}|`];

const note = (command: string): string =>
  `<!-- Generated from the backends' declarations (src/backends/*/index.ts) by \`${command}\`. Edit them, then run it again. -->`;

// The default backend has no activator: procform's own supervisor runs its generations.
const deploys = (b: Backend): string => (b.activator !== undefined ? 'yes' : b.name === DEFAULT_BACKEND ? "yes, by procform's supervisor" : 'no: files only');

const overview = (backends: readonly Backend[]): string[] => [
  ...header(['backend', 'what it renders', '`switch`, `rollback`, `status`', 'tested here', 'limitations']),
  ...backends.map((b) => row([`\`${b.name}\``, b.summary, deploys(b), b.tested, String(b.limitations.length)])),
];

const support = (backends: readonly Backend[]): string[] => {
  const features = SUPPORT_FEATURES.filter((feature) => backends.some((b) => b.support?.[feature] !== undefined));
  return [
    ...header(['feature', ...backends.map((b) => b.name)]),
    row(['tested here', ...backends.map((b) => b.tested)]),
    ...features.map((feature) => row([feature, ...backends.map((b) => b.support?.[feature] ?? '—')])),
  ];
};

const limitations = (backends: readonly Backend[]): string[] => backends.filter((b) => b.limitations.length > 0).flatMap((b) => [
  `<details><summary><code>${b.name}</code>: ${b.limitations.length} limitation${b.limitations.length === 1 ? '' : 's'}</summary>`,
  '',
  ...b.limitations.map((l) => `- **${l.feature}**${l.id === undefined ? '' : ` (\`${l.id}\`)`}: ${l.reason.replace(/\s+/g, ' ')}`),
  '',
  '</details>',
]);

/**
 * `text` (the README) with every marked region written afresh from `backends`, and what
 * keeps it from being written: an unknown region or backend, a region left open, a
 * backend whose `support` no support table shows.
 * @param command the command that regenerates the regions, named in them
 */
export const backendTables = (text: string, backends: readonly Backend[], command: string): { text: string; problems: string[] } => {
  const byName = new Map(backends.map((b) => [b.name as string, b]));
  const lines = text.split('\n');
  const out: string[] = [];
  const problems: string[] = [];
  const shown = new Set<string>();
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    out.push(line);
    const match = BEGIN.exec(line);
    if (match === null) continue;
    const end = lines.indexOf(END, index + 1);
    if (end === -1) {
      problems.push(`line ${index + 1}: "${line}" has no "${END}" after it`);
      continue;
    }
    const [, kind, rest] = match as unknown as [string, string, string];
    const names = rest.split(' ').filter((name) => name !== '');
    const unknown = names.filter((name) => !byName.has(name));
    if (unknown.length > 0) problems.push(`line ${index + 1}: no backend ${unknown.join(', ')}`);
    const listed = names.flatMap((name) => byName.get(name) ?? []);
    const body = kind === 'overview' ? overview(backends)
      : kind === 'support' ? support(listed)
        : kind === 'limitations' ? limitations(backends)
          : undefined;
    if (body === undefined) problems.push(`line ${index + 1}: no table "${kind}" (overview, support or limitations)`);
    if (kind === 'support') listed.forEach((b) => shown.add(b.name));
    out.push(note(command), '', ...(body ?? []), '', END);
    index = end;
  }
  for (const b of backends) if (b.support !== undefined && !shown.has(b.name)) problems.push(`the support of ${b.name} is in no "generated: backends support" table`);
  return { text: out.join('\n'), problems };
};
