/**
 * A test run as text: the matrix (one row per backend and profile, one column per step,
 * each cell's mark and time), then every failure with the line of the tests file, the
 * manager's word on the processes concerned and their last lines of output.
 * @module
 */
import type { CellResult, StepFailure, StepResult, TestRun } from './results.js';
import { cellFailed, cellPassed } from './results.js';

/** Colours a piece of text (identity for plain output). */
export type Tint = (color: 'red' | 'green' | 'yellow' | 'gray' | 'bold', text: string) => string;

const plain: Tint = (_color, text) => text;

/** A duration in a few characters. */
export const duration = (ms: number): string => (ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`);

const mark = (step: StepResult | undefined): { text: string; color: 'red' | 'green' | 'gray' } => {
  if (step === undefined) return { text: '', color: 'gray' };
  if (step.status === 'skipped') return { text: '-', color: 'gray' };
  return { text: `${step.status === 'passed' ? 'ok' : 'FAIL'} ${duration(step.ms)}`, color: step.status === 'passed' ? 'green' : 'red' };
};

/** The columns of the matrix: every step of any cell, in the order they ran. */
const columnsOf = (cells: readonly CellResult[]): string[] => {
  const columns: string[] = [];
  for (const cell of cells) {
    for (const [index, step] of cell.steps.entries()) {
      if (columns.includes(step.step)) continue;
      // A step only some cells have goes after the step before it.
      const before = index === 0 ? -1 : columns.indexOf(cell.steps[index - 1]!.step);
      columns.splice(before + 1, 0, step.step);
    }
  }
  return columns;
};

/** A failure's text: the message, where in the tests file, and the output of the processes concerned. */
export const failureText = (failure: StepFailure): string => [
  failure.message,
  ...(failure.at === null ? [] : [`  at ${failure.at}`]),
  ...failure.instances.flatMap((i) => [
    `  ${i.instance}${i.status === null ? '' : ` (${i.status})`}${i.lines.length === 0 ? ': no output' : ', last lines:'}`,
    ...i.lines.map((line) => `    | ${line}`),
  ]),
].join('\n');

/** The whole report. */
export const reportText = (run: TestRun, tint: Tint = plain): string => {
  const columns = columnsOf(run.cells);
  const head = ['backend', 'profile', ...columns];
  const rows = run.cells.map((cell) => (cell.notRunnable !== null
    ? { cell, marks: null }
    : { cell, marks: columns.map((column) => mark(cell.steps.find((s) => s.step === column))) }));
  const widths = head.map((title, i) => Math.max(title.length, ...rows.map(({ cell, marks }) => (i === 0 ? cell.backend.length : i === 1 ? cell.profile.length : marks === null ? 0 : marks[i - 2]!.text.length))));
  const pad = (text: string, i: number): string => text.padEnd(widths[i]!);
  const lines = [tint('bold', head.map(pad).join('  ').trimEnd())];
  for (const { cell, marks } of rows) {
    const start = `${pad(cell.backend, 0)}  ${pad(cell.profile, 1)}`;
    if (marks === null) lines.push(`${start}  ${tint('yellow', `not runnable here: ${cell.notRunnable}`)}`);
    else lines.push(`${start}  ${marks.map((m, i) => tint(m.color, pad(m.text, i + 2))).join('  ')}`.trimEnd());
  }
  const failures = run.cells.flatMap((cell) => cell.steps.filter((s) => s.failure !== undefined).map((s) => ({ cell, step: s })));
  if (failures.length > 0) {
    lines.push('', tint('bold', 'Failures'));
    for (const { cell, step } of failures) lines.push('', tint('red', `${cell.backend} ${cell.profile}, ${step.step}:`), failureText(step.failure!));
  }
  const passed = run.cells.filter(cellPassed).length;
  const failed = run.cells.filter(cellFailed).length;
  const skipped = run.cells.length - passed - failed;
  lines.push('', `${run.cells.length} cell${run.cells.length === 1 ? '' : 's'}: ${tint(passed > 0 ? 'green' : 'gray', `${passed} passed`)}, ${tint(failed > 0 ? 'red' : 'gray', `${failed} failed`)}, ${skipped} not runnable here (${duration(run.ms)})`);
  return `${lines.join('\n')}\n`;
};
